import { addStylesheet } from './stylesheet.ts';

/**
 * The chat's extras, a chunk of their own (`extras-<hash>.js` and `.css`), imported by the app only when needed: the
 * desk's forms (pre-chat, offline, e-mail prompt), the list of the visitor's conversations, a conversation's end, why a file was not attached,
 * and clickable links in messages.
 */
export { provide } from './preact-shim.ts';
export { Form } from '../forms/Form.tsx';
export { ConversationEnd, ConversationsPane } from './ConversationsPane.tsx';
export { fileRefusalText, uploadErrorText } from './upload-error-text.ts';
export { LinkedText } from './LinkedText.tsx';

addStylesheet();
