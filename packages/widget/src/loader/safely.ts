/** Wrap a callback the host page's event loop will run, so an error of ours never surfaces as theirs. */
export function safely<A extends unknown[]>(action: (...args: A) => void): (...args: A) => void {
  return (...args) => {
    try {
      action(...args);
    } catch (error) {
      console.warn('[Parley]', error);
    }
  };
}
