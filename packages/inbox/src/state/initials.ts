/** The initials the server gives an agent who chose none: one rule, in the protocol, for the profile's preview too. */
export { initialsOf as derivedInitials } from '@parley/protocol/model';
