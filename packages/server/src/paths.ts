import { fileURLToPath } from 'node:url';

const root = (rel: string) => fileURLToPath(new URL(`../../../${rel}`, import.meta.url));

/** Where the built front-ends and the example site live in the workspace. */
export const paths = {
  widgetDist: root('packages/widget/dist'),
  inboxDist: root('packages/inbox/dist'),
  exampleSite: root('examples/site'),
};
