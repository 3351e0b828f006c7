import { Command, Option } from 'commander';
import { DEFAULT_DB_URL, describeDbUrl } from '../db/connect.ts';
import { checkIdentifier, IDENTIFIER_KINDS, isIdentifierKind } from '../domain/ids/check.ts';
import type { ImportFormat } from '../importers/types.ts';
import type { AppContext } from '../context.ts';

const program = new Command();
program
  .name('zhihui')
  .description('知汇 Zhihui — regional IP big-data public service platform')
  .showHelpAfterError();

const dbOption = () =>
  new Option('--db <url>', 'database: sqlite:path or postgres://…')
    .env('DATABASE_URL')
    .default(DEFAULT_DB_URL);

async function withContext<T>(dbUrl: string, fn: (ctx: AppContext) => Promise<T>): Promise<T> {
  // a one-shot command searches through the SQL index: building the in-memory word index (docs/architecture.md)
  // would take longer than the command
  process.env.ZHIHUI_SEARCH_MEMORY ??= 'off';
  const { createContext } = await import('../context.ts');
  const ctx = await createContext(dbUrl);
  try {
    return await fn(ctx);
  } finally {
    await ctx.close();
  }
}

program
  .command('serve')
  .description('start the API and the web app on one port')
  .addOption(dbOption())
  .option('--port <n>', 'port', (v) => Number.parseInt(v, 10), Number(process.env.PORT ?? 8080))
  .option('--host <host>', 'address to listen on', process.env.HOST ?? '127.0.0.1')
  .option('--demo', 'load the demo district first when the database has no entities')
  .action(async (o: { db: string; port: number; host: string; demo?: boolean }) => {
    const { createContext, DEFAULT_REGION } = await import('../context.ts');
    const { buildApp } = await import('../http/app.ts');
    const ctx = await createContext(o.db);
    await ctx.reference.ensureRegionProfile(DEFAULT_REGION, true);
    const admin = await ctx.auth.ensureAdmin(process.env.ZHIHUI_ADMIN_PASSWORD);
    if (o.demo) {
      const { DemoService } = await import('../modules/demo/demo.service.ts');
      const r = await new DemoService(ctx).loadIfEmpty({
        password: admin.password ?? process.env.ZHIHUI_ADMIN_PASSWORD,
      });
      if (r)
        console.log(
          `demo district loaded: ${r.entities} entities, ${r.patents} patents, ${r.trademarks} trademarks, ${r.copyrights} copyrights`,
        );
    }
    const app = await buildApp(ctx, {
      logger: process.env.ZHIHUI_LOG === '1',
      secureCookies: process.env.ZHIHUI_SECURE_COOKIES === '1',
    });
    await app.listen({ port: o.port, host: o.host });
    void ctx.jobs.start(); // scheduled jobs, and a catch-up of slots missed while the server was down
    // the facet snapshot and the in-memory word index, built in the background (searches meanwhile use SQL)
    void ctx.search.warmFacets().catch(() => undefined);
    const url = `http://${o.host === '0.0.0.0' ? '127.0.0.1' : o.host}:${o.port}/`;
    console.log(`Zhihui is running at ${url}  (database ${describeDbUrl(o.db)})`);
    console.log(`API docs: ${url}api/docs`);
    if (admin.created && admin.password)
      console.log(
        `admin login: admin / ${admin.password}   (shown once; set ZHIHUI_ADMIN_PASSWORD to choose it)`,
      );
    else if (admin.created) console.log('admin login: admin / (the password in ZHIHUI_ADMIN_PASSWORD)');
    else
      console.log(
        'admin login: admin / (the password printed at the first start; `npx zhihui users password admin` resets it)',
      );
    const stop = async () => {
      await app.close();
      await ctx.close();
      process.exit(0);
    };
    process.on('SIGINT', () => void stop());
    process.on('SIGTERM', () => void stop());
  });

program
  .command('migrate')
  .description('bring the database schema up to date (also done on every start)')
  .addOption(dbOption())
  .action(async (o: { db: string }) => {
    const { openDatabase } = await import('../db/connect.ts');
    const { migrateToLatest } = await import('../db/migrations.ts');
    const database = openDatabase(o.db);
    const applied = await migrateToLatest(database);
    await database.close();
    console.log(applied.length ? `applied: ${applied.join(', ')}` : 'schema is up to date');
  });

program
  .command('import')
  .description(
    'import files: canonical JSON Lines, CSV/XLSX templates, USPTO XML, ST.66/ST.96 trademark XML, CN patent CSV',
  )
  .argument('<files...>')
  .addOption(dbOption())
  .addOption(
    new Option('--format <format>', 'force a format').choices([
      'jsonl',
      'csv',
      'xlsx',
      'uspto-xml',
      'tm-xml',
      'cn-patent-csv',
    ]),
  )
  .option('--json', 'print the summary as one JSON object')
  .option(
    '--max-rejects <n>',
    'rejects to print per file (all are stored)',
    (v) => Number.parseInt(v, 10),
    50,
  )
  .action(
    async (files: string[], o: { db: string; format?: ImportFormat; json?: boolean; maxRejects: number }) => {
      const { SYSTEM_ACTOR } = await import('../modules/audit/audit.service.ts');
      let failed = false;
      let changed = false;
      await withContext(o.db, async (ctx) => {
        const out = [];
        for (const f of files) {
          const s = await ctx.imports.importFile({ ...SYSTEM_ACTOR, name: 'cli' }, f, {
            format: o.format,
            recompute: false,
          });
          changed ||= s.inserted + s.updated > 0;
          const rejects = await ctx.imports.rejects(s.jobId, o.json ? 1_000_000 : o.maxRejects, 0);
          if (s.status === 'failed') failed = true;
          out.push({ ...s, rejects });
          if (!o.json) {
            console.log(
              `${f}: ${s.status} (${s.format ?? '?'}) — ${s.total} read, ${s.inserted} inserted, ${s.updated} updated, ${s.unchanged} unchanged, ${s.rejected} rejected`,
            );
            if (s.error) console.log(`  error: ${s.error}`);
            for (const r of rejects)
              console.log(`  rejected ${r.ref}${r.field ? ` [${r.field}]` : ''}: ${r.reason}`);
            if (s.rejected > rejects.length)
              console.log(`  … ${s.rejected - rejects.length} more (GET /api/v1/imports/${s.jobId}/rejects)`);
          }
        }
        if (o.json) console.log(JSON.stringify(out.length === 1 ? out[0] : { files: out }));
      });
      process.exitCode = failed ? 1 : 0;
    },
  );

program
  .command('check')
  .description(`validate one identifier and say why: ${IDENTIFIER_KINDS.join(' | ')}`)
  .argument('<kind>')
  .argument('<value>')
  .option('--json', 'print the result as JSON')
  .action((kind: string, value: string, o: { json?: boolean }) => {
    if (!isIdentifierKind(kind)) {
      console.error(`unknown kind "${kind}": use one of ${IDENTIFIER_KINDS.join(', ')}`);
      process.exitCode = 2;
      return;
    }
    const r = checkIdentifier(kind, value);
    if (o.json) console.log(JSON.stringify(r));
    else if (r.ok) console.log(`valid ${kind}: ${r.display}\nnormalised: ${r.value}\n${r.meaning}`);
    else console.log(`invalid ${kind}: ${r.reason}`);
    process.exitCode = r.ok ? 0 : 1;
  });

program
  .command('demo')
  .description(
    'load the demo district (Xuhui 310104): entities, real CN patents, trademarks, copyrights, demo users',
  )
  .addOption(dbOption())
  .action(async (o: { db: string }) => {
    await withContext(o.db, async (ctx) => {
      const { DEFAULT_REGION } = await import('../context.ts');
      const { DemoService } = await import('../modules/demo/demo.service.ts');
      await ctx.reference.ensureRegionProfile(DEFAULT_REGION, true);
      const admin = await ctx.auth.ensureAdmin(process.env.ZHIHUI_ADMIN_PASSWORD);
      const r = await new DemoService(ctx).load({
        password: admin.password ?? process.env.ZHIHUI_ADMIN_PASSWORD,
      });
      console.log(
        `demo district loaded: ${r.entities} entities, ${r.patents} patents, ${r.trademarks} trademarks, ${r.copyrights} copyrights`,
      );
      if (admin.password) console.log(`admin login: admin / ${admin.password}`);
    });
  });

program
  .command('deadlines')
  .description(
    'print the deadlines of one right: annual fees (amount, reduced amount, grace end, state) or trademark renewals',
  )
  .argument('<number>', 'application, publication or registration number in any written form')
  .option('--as-of <date>', 'compute as of this date (YYYY-MM-DD)')
  .option('--json', 'print an array of deadline objects')
  .addOption(dbOption())
  .action(async (number: string, o: { db: string; json?: boolean; asOf?: string }) => {
    const { SYSTEM_ACTOR } = await import('../modules/audit/audit.service.ts');
    await withContext(o.db, async (ctx) => {
      const ids = await ctx.registry.idsByNumber(number);
      if (ids.length === 0) {
        console.error(`no right with number "${number}"`);
        process.exitCode = 1;
        return;
      }
      const all = { canReadPrivate: true, canWriteAll: true, canWriteOwn: true };
      const s = await ctx.lifecycle.schedule(SYSTEM_ACTOR, all, ids[0]!, o.asOf);
      if (o.json) {
        console.log(JSON.stringify(s.deadlines));
        return;
      }
      const a = await ctx.registry.getAsset(SYSTEM_ACTOR, all, ids[0]!);
      console.log(
        `${a.applicationNumber ?? a.registrationNumber ?? a.publicationNumber}  ${a.title ?? ''}  (${a.status}, as of ${s.asOf})`,
      );
      if (s.note) console.log(s.note);
      for (const d of s.deadlines)
        if (d.kind === 'annual_fee')
          console.log(
            `  year ${String(d.patentYear).padStart(2)}  due ${d.dueDate}  ${String(d.amount).padStart(5)} yuan  reduced ${String(d.reducedAmount).padStart(5)}  grace to ${d.graceEnd ?? '—'}  ${d.state}${d.paidOn ? ` (paid ${d.paidOn})` : ''}`,
          );
        else
          console.log(
            `  term ${d.term}  ${d.termStart}..${d.expiry}  renew ${d.windowStart}..${d.windowEnd}  grace to ${d.graceEnd}  ${d.state}`,
          );
      const tc = s.termCompensation;
      if (tc)
        console.log(
          `  term compensation ${tc.days} days  ${tc.from}..${tc.to}  fee unknown: ${tc.fee.reason}`,
        );
    });
  });

program
  .command('search')
  .description(
    'search all IP records: words, "phrases", field:value, AND/OR/NOT, numbers in any written form',
  )
  .argument('<query>')
  .option('--json', 'print {total, items, facets} as JSON')
  .option('--limit <n>', 'results', (v) => Number.parseInt(v, 10), 20)
  .addOption(dbOption())
  .action(async (query: string, o: { db: string; json?: boolean; limit: number }) => {
    const { SYSTEM_ACTOR } = await import('../modules/audit/audit.service.ts');
    await withContext(o.db, async (ctx) => {
      const all = { canReadPrivate: true, canWriteAll: true, canWriteOwn: true };
      try {
        const r = await ctx.search.search(SYSTEM_ACTOR, all, { q: query, limit: o.limit });
        if (o.json) {
          const items = r.items.map((a) => ({
            id: a.id,
            kind: a.kind,
            subType: a.subType,
            applicationNumber: a.applicationNumber,
            publicationNumber: a.publicationNumber,
            registrationNumber: a.registrationNumber,
            title: a.title,
            filingDate: a.filingDate,
            status: a.status,
            applicants: a.owners.map((x) => x.name),
          }));
          console.log(JSON.stringify({ total: r.total, items, facets: r.facets }));
          return;
        }
        console.log(`${r.total} found`);
        for (const a of r.items)
          console.log(
            `  ${a.applicationNumber ?? a.publicationNumber ?? a.registrationNumber}  ${a.title ?? ''}  [${a.owners.map((x) => x.name).join('; ')}]`,
          );
      } catch (e) {
        const err = e as { message: string; position?: number };
        console.error(
          err.position !== undefined
            ? `${err.message}\n  ${query}\n  ${' '.repeat(err.position)}^`
            : err.message,
        );
        process.exitCode = 1;
      }
    });
  });

program
  .command('reindex')
  .description('rebuild the search index from the registry')
  .addOption(dbOption())
  .action(async (o: { db: string }) => {
    await withContext(o.db, async (ctx) => {
      const t = performance.now();
      const n = await ctx.search.reindex();
      console.log(`indexed ${n} records in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    });
  });

program
  .command('search-digest')
  .description(
    "send today's saved-search e-mail digests once (needs ZHIHUI_SMTP_URL; a second run sends nothing)",
  )
  .addOption(dbOption())
  .action(async (o: { db: string }) => {
    await withContext(o.db, async (ctx) => {
      const r = await ctx.search.sendDigests(new Date());
      if (!r.mailEnabled) {
        console.error('e-mail is not configured (set ZHIHUI_SMTP_URL): no digest sent');
        process.exitCode = 1;
        return;
      }
      console.log(
        `${r.day}: ${r.sent} sent, ${r.alreadySent} already sent, ${r.nothingNew} with nothing new, ${r.skippedNoEmail} without e-mail, ${r.failed.length} failed`,
      );
      for (const f of r.failed) console.error(`  user ${f.userId}: ${f.reason}`);
      if (r.failed.length) process.exitCode = 1;
    });
  });

program
  .command('recompute')
  .description('recompute the stored deadlines of every right (also runs after imports)')
  .addOption(dbOption())
  .action(async (o: { db: string }) => {
    await withContext(o.db, async (ctx) => {
      const t = performance.now();
      const r = await ctx.lifecycle.recompute();
      console.log(
        `${r.assets} rights, ${r.deadlines} deadlines in ${((performance.now() - t) / 1000).toFixed(1)} s`,
      );
    });
  });

program
  .command('indicators')
  .description('official indicators (domain-rules §6) of a region as of a date')
  .requiredOption('--region <code>', 'region code, e.g. 310104')
  .requiredOption('--at <date>', 'as-of date, YYYY-MM-DD')
  .option('--street <code>', 'one street (街道) of the region')
  .option('--json', 'print a JSON array of {id, value, numerator, denominator}')
  .addOption(dbOption())
  .action(async (o: { region: string; at: string; street?: string; json?: boolean; db: string }) => {
    await withContext(o.db, async (ctx) => {
      const items = await ctx.analytics.indicators({
        region: o.region,
        at: o.at,
        ...(o.street ? { street: o.street } : {}),
      });
      if (o.json) {
        const rows = items.map((i) => ({
          id: i.id,
          value: i.value,
          numerator: i.numerator,
          denominator: i.denominator,
        }));
        console.log(JSON.stringify(rows, null, 2));
        return;
      }
      for (const i of items)
        console.log(
          `${i.id.padEnd(46)} ${String(i.value ?? '—').padStart(14)} ${i.unit.padEnd(6)} ` +
            `${i.numerator} / ${i.denominator ?? '—'}${i.reason ? `  (${i.reason})` : ''}`,
        );
    });
  });

const audit = program.command('audit').description('audit log');
audit
  .command('verify')
  .description('verify the hash chain; exit 1 when any entry was altered or deleted')
  .addOption(dbOption())
  .option('--json', 'print the report as JSON')
  .action(async (o: { db: string; json?: boolean }) => {
    await withContext(o.db, async (ctx) => {
      const r = await ctx.audit.verify(ctx.database.db);
      if (o.json) console.log(JSON.stringify(r));
      else if (r.ok) console.log(`audit log intact: ${r.entries} entries`);
      else {
        console.log(`audit log TAMPERED: ${r.problems.length} problem(s) in ${r.entries} entries`);
        for (const p of r.problems) console.log(`  #${p.seq}: ${p.problem}`);
      }
      process.exitCode = r.ok ? 0 : 1;
    });
  });

const jobsCmd = program
  .command('jobs')
  .description('scheduled jobs (run on their schedule by `zhihui serve`)');
jobsCmd
  .command('list')
  .description('the jobs, their schedules and last runs')
  .addOption(dbOption())
  .action(async (o: { db: string }) => {
    await withContext(o.db, async (ctx) => {
      for (const j of await ctx.jobs.list()) {
        const last = j.lastRuns[0];
        const lastText = last ? `last ${last.startedAt} ${last.status}` : 'never run';
        console.log(`${j.name}\t${j.cron}\t${j.timeZone}\tnext ${j.nextRun ?? '-'}\t${lastText}`);
      }
    });
  });
jobsCmd
  .command('run')
  .argument('<name>')
  .description('run one job now (recorded as a manual run)')
  .addOption(dbOption())
  .action(async (name: string, o: { db: string }) => {
    await withContext(o.db, async (ctx) => {
      const r = await ctx.jobs.runNow({ id: null, name: 'cli', role: 'admin', entityId: null }, name);
      console.log(
        `${r.job}: ${r.status}, ${r.items} items in ${r.durationMs ?? 0} ms${r.error ? ` — ${r.error}` : ''}`,
      );
      process.exitCode = r.status === 'done' ? 0 : 1;
    });
  });

const users = program.command('users').description('user accounts');
users
  .command('add')
  .argument('<username>')
  .requiredOption('--role <role>')
  .option('--entity <id>', 'entity id (enterprise users)', (v) => Number.parseInt(v, 10))
  .addOption(dbOption())
  .description('create a user; the password is read from ZHIHUI_NEW_PASSWORD or generated and printed')
  .action(async (username: string, o: { role: string; entity?: number; db: string }) => {
    const { randomBytes } = await import('node:crypto');
    const { SYSTEM_ACTOR } = await import('../modules/audit/audit.service.ts');
    const password = process.env.ZHIHUI_NEW_PASSWORD ?? randomBytes(12).toString('base64url');
    await withContext(o.db, async (ctx) => {
      const u = await ctx.auth.createUser(
        { ...SYSTEM_ACTOR, name: 'cli' },
        { username, password, displayName: username, role: o.role, entityId: o.entity ?? null },
      );
      console.log(
        `created ${u.username} (${u.role})${process.env.ZHIHUI_NEW_PASSWORD ? '' : ` password: ${password}`}`,
      );
    });
  });
users
  .command('password')
  .argument('<username>')
  .addOption(dbOption())
  .description('reset a password (ZHIHUI_NEW_PASSWORD or generated and printed)')
  .action(async (username: string, o: { db: string }) => {
    const { randomBytes } = await import('node:crypto');
    const { SYSTEM_ACTOR } = await import('../modules/audit/audit.service.ts');
    const password = process.env.ZHIHUI_NEW_PASSWORD ?? randomBytes(12).toString('base64url');
    await withContext(o.db, async (ctx) => {
      const u = (await ctx.auth.listUsers()).find((x) => x.username === username);
      if (!u) {
        console.error(`no user "${username}"`);
        process.exitCode = 1;
        return;
      }
      await ctx.auth.updateUser({ ...SYSTEM_ACTOR, name: 'cli' }, u.id, { password });
      console.log(`password of ${username} reset${process.env.ZHIHUI_NEW_PASSWORD ? '' : `: ${password}`}`);
    });
  });

program
  .command('backup')
  .description('write a consistent copy of the embedded database to a file (SQLite online backup)')
  .argument('<file>')
  .addOption(dbOption())
  .action(async (file: string, o: { db: string }) => {
    const { openDatabase } = await import('../db/connect.ts');
    const { backupSqlite } = await import('../db/backup.ts');
    const database = openDatabase(o.db);
    try {
      await backupSqlite(database, file);
      console.log(`backup written to ${file}`);
    } finally {
      await database.close();
    }
  });
program
  .command('restore')
  .description('replace the embedded database with a backup file (the server must be stopped)')
  .argument('<file>')
  .addOption(dbOption())
  .action(async (file: string, o: { db: string }) => {
    const { restoreSqlite } = await import('../db/backup.ts');
    await restoreSqlite(o.db, file);
    console.log(`restored ${o.db} from ${file}`);
  });

program.parseAsync(process.argv).catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
