/** The saved-search API's shape, written once for the server and the web app. Types only. */

/** A saved search of GET /api/v1/saved-searches. */
export interface SavedSearchView {
  id: number;
  name: string;
  query: string;
  subscribed: boolean;
  /** matching records that entered the index since the last visit */
  newCount: number;
  lastVisitedAt: string;
  createdAt: string;
  updatedAt: string;
}
