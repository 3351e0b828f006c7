/** UI strings of the saved-search screens, merged into the tables of ../i18n.ts. Every key in both languages. */
export const zh = {};

export const en: Record<keyof typeof zh, string> = {};
