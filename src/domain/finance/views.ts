/** The pledge API's shapes, written once for the finance service and the web app. Types only. */

/** A pledge registration (专利权质押登记办法 CNIPA 公告第461号; 注册商标专用权质押登记程序规定 公告第358号). */
export interface PledgeView {
  id: number;
  assetId: number;
  registrationNumber: string;
  registrationDate: string;
  /** 被担保债权数额, yuan */
  amount: number;
  pledgee: string;
  pledgor: string;
  releaseDate: string | null;
  isDemo: boolean;
}

export interface PledgeInput {
  registrationNumber: string;
  registrationDate: string;
  amount: number;
  pledgee: string;
  pledgor: string;
  releaseDate?: string | null;
}
