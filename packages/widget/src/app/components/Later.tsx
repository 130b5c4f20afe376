import type { VNode } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { Fragment, jsx, jsxs } from 'preact/jsx-runtime';
import type * as ExtrasModule from '../extras/index.ts';

export type Extras = typeof ExtrasModule;

/** The extras chunk's hashed name, set by bundle.mjs. */
declare const PARLEY_EXTRAS: string;

let loading: Promise<Extras> | undefined;

/** The extras chunk, once; it renders with this app's Preact (see extras/preact-shim.ts). */
export function loadExtras(): Promise<Extras> {
  return (loading ??= (import(new URL(PARLEY_EXTRAS, import.meta.url).href) as Promise<Extras>).then((extras) => {
    extras.provide({ jsx, jsxs, Fragment, useState, useEffect, useRef });
    return extras;
  }));
}

/** What `render` makes of the extras chunk, once it is loaded (`fallback`, or nothing, meanwhile and if it fails). */
export function Later({ render, fallback = null }: { render: (extras: Extras) => VNode; fallback?: string | null }) {
  const [extras, setExtras] = useState<Extras | null>(null);
  useEffect(() => void loadExtras().then(setExtras, () => undefined), []);
  return extras ? render(extras) : fallback;
}
