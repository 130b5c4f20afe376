/** The open ticket lives in the URL hash (`#/c/<id>`): a reload, a bookmark or Back returns to it. */
const ROUTE = /^#\/c\/([A-Za-z0-9_-]{1,64})$/;

export function ticketFromHash(hash: string): string | null {
  return ROUTE.exec(hash)?.[1] ?? null;
}

export function hashForTicket(id: string | null): string {
  return id === null ? '' : `#/c/${id}`;
}
