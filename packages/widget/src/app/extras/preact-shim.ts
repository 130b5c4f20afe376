import type * as Hooks from 'preact/hooks';
import type * as Runtime from 'preact/jsx-runtime';

/**
 * Inside the built extras chunk, `preact/jsx-runtime` and `preact/hooks` resolve here (bundle.mjs): the chunk renders
 * with the app's own Preact, handed over by `provide` before its first render, instead of a second copy of Preact (or
 * a shared chunk that the first paint would have to load). Tests and typecheck use the real modules.
 */
export let jsx: typeof Runtime.jsx;
export let jsxs: typeof Runtime.jsxs;
export let Fragment: typeof Runtime.Fragment;
export let useState: typeof Hooks.useState;
export let useEffect: typeof Hooks.useEffect;
export let useRef: typeof Hooks.useRef;

export interface PreactApi {
  jsx: typeof Runtime.jsx;
  jsxs: typeof Runtime.jsxs;
  Fragment: typeof Runtime.Fragment;
  useState: typeof Hooks.useState;
  useEffect: typeof Hooks.useEffect;
  useRef: typeof Hooks.useRef;
}

export function provide(api: PreactApi): void {
  ({ jsx, jsxs, Fragment, useState, useEffect, useRef } = api);
}
