import type { Connection, Model } from 'mongoose';
import { agentSchema, type AgentDoc } from './schemas/agent.ts';
import { attachmentSchema, type AttachmentDoc } from './schemas/attachment.ts';
import { contactSchema, visitorTokenSchema, type ContactDoc, type VisitorTokenDoc } from './schemas/contact.ts';
import { conversationSchema, type ConversationDoc } from './schemas/conversation.ts';
import { counterSchema, type CounterDoc } from './schemas/counter.ts';
import { deskSchema, type DeskDoc } from './schemas/desk.ts';
import { draftSchema, type DraftDoc } from './schemas/draft.ts';
import { eventSchema, type EventDoc } from './schemas/event.ts';
import { messageSchema, type MessageDoc } from './schemas/message.ts';
import { sessionSchema, type SessionDoc } from './schemas/session.ts';
import { teamSchema, type TeamDoc } from './schemas/team.ts';
import { readSchema, type ReadDoc } from './schemas/read.ts';
import { cannedSchema, type CannedDoc } from './schemas/canned.ts';

export interface Models {
  desks: Model<DeskDoc>;
  counters: Model<CounterDoc>;
  agents: Model<AgentDoc>;
  sessions: Model<SessionDoc>;
  contacts: Model<ContactDoc>;
  conversations: Model<ConversationDoc>;
  messages: Model<MessageDoc>;
  events: Model<EventDoc>;
  attachments: Model<AttachmentDoc>;
  visitorTokens: Model<VisitorTokenDoc>;
  drafts: Model<DraftDoc>;
  teams: Model<TeamDoc>;
  reads: Model<ReadDoc>;
  canned: Model<CannedDoc>;
}

/** Registers Parley's models on one connection (never on mongoose's global default connection). */
export function bindModels(conn: Connection): Models {
  return {
    desks: conn.model<DeskDoc>('Desk', deskSchema, 'desks'),
    counters: conn.model<CounterDoc>('Counter', counterSchema, 'counters'),
    agents: conn.model<AgentDoc>('Agent', agentSchema, 'agents'),
    sessions: conn.model<SessionDoc>('Session', sessionSchema, 'sessions'),
    contacts: conn.model<ContactDoc>('Contact', contactSchema, 'contacts'),
    conversations: conn.model<ConversationDoc>('Conversation', conversationSchema, 'conversations'),
    messages: conn.model<MessageDoc>('Message', messageSchema, 'messages'),
    events: conn.model<EventDoc>('Event', eventSchema, 'events'),
    attachments: conn.model<AttachmentDoc>('Attachment', attachmentSchema, 'attachments'),
    visitorTokens: conn.model<VisitorTokenDoc>('VisitorToken', visitorTokenSchema, 'visitor_tokens'),
    drafts: conn.model<DraftDoc>('Draft', draftSchema, 'drafts'),
    teams: conn.model<TeamDoc>('Team', teamSchema, 'teams'),
    reads: conn.model<ReadDoc>('Read', readSchema, 'agent_reads'),
    canned: conn.model<CannedDoc>('Canned', cannedSchema, 'canned_responses'),
  };
}
