/** The attributes rows of the contact form as the API takes them: named rows only, the last of a repeated name wins. */
export interface AttributeRow {
  key: string;
  value: string;
}

export function attributesOf(rows: readonly AttributeRow[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { key, value } of rows) if (key.trim() !== '') out[key.trim()] = value;
  return out;
}
