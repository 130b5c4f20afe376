/** Browser (desktop) notifications, when the agent allowed them; clicking one brings the inbox back on that ticket. */
import { hashForTicket } from '../route.ts';

export function desktopPermission(): NotificationPermission | 'unsupported' {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

export async function askDesktopPermission(): Promise<NotificationPermission | 'unsupported'> {
  if (typeof Notification === 'undefined') return 'unsupported';
  return Notification.requestPermission();
}

export function showDesktopNotification(title: string, body: string, conversationId: string): void {
  if (desktopPermission() !== 'granted') return;
  try {
    const notification = new Notification(title, { body, tag: conversationId });
    notification.onclick = () => {
      window.focus();
      window.location.hash = hashForTicket(conversationId);
      notification.close();
    };
  } catch {
    // Some browsers allow notifications only from a service worker: the badge and the list still say it.
  }
}
