/**
 * A stored record as its JSON representation: the driver gives timestamps as Dates, the API answers them
 * as RFC 3339 strings. Converting here, once, keeps the response serializer from guessing (a Date inside a
 * nullable union would not match a string schema).
 */
export type Json<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K] };

export function toJson<T extends object>(record: T): Json<T> {
  return Object.fromEntries(
    Object.entries(record).map(([key, value]) => [key, value instanceof Date ? value.toISOString() : value]),
  ) as Json<T>;
}
