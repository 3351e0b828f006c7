export interface UnmatchedName {
  nameNorm: string;
  name: string;
  assets: number;
}
