/** Which rows of a long list to render for the scroll position of `scroller` (rows of equal height: 5 rem, three lines: components/ConversationList.tsx). */
import type { RefObject } from 'preact';
import { useEffect, useLayoutEffect, useState } from 'preact/hooks';
import { rowWindow, type RowWindow } from '../state/window.ts';

export const ROW_REM = 5;

function remPx(): number {
  const px = parseFloat(getComputedStyle(document.documentElement).fontSize);
  return Number.isFinite(px) && px > 0 ? px : 16;
}

export function useRowWindow(scroller: RefObject<HTMLElement | null>, count: number): { window: RowWindow; rowHeight: number } {
  const [rowHeight, setRowHeight] = useState(ROW_REM * 16);
  const [viewport, setViewport] = useState({ top: 0, height: 800 });

  useLayoutEffect(() => setRowHeight(ROW_REM * remPx()), []);

  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    let frame = 0;
    const measure = () => {
      frame = 0;
      setViewport((v) => (v.top === el.scrollTop && v.height === el.clientHeight ? v : { top: el.scrollTop, height: el.clientHeight }));
    };
    const schedule = () => {
      if (frame === 0) frame = requestAnimationFrame(measure);
    };
    measure();
    el.addEventListener('scroll', schedule, { passive: true });
    const resize = new ResizeObserver(schedule);
    resize.observe(el);
    return () => {
      el.removeEventListener('scroll', schedule);
      resize.disconnect();
      if (frame !== 0) cancelAnimationFrame(frame);
    };
  }, [scroller]);

  return { window: rowWindow(viewport.top, viewport.height, rowHeight, count), rowHeight };
}
