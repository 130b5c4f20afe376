import { useEffect, useState } from 'preact/hooks';
import type { ChatController, ChatState } from './chat-controller.ts';

/** The controller's state, re-rendering on every change. */
export function useChatState(controller: ChatController): ChatState {
  const [state, setState] = useState(controller.getState);
  useEffect(() => {
    setState(controller.getState());
    return controller.subscribe(() => setState(controller.getState()));
  }, [controller]);
  return state;
}
