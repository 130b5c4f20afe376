import { describe, expect, it } from 'vitest';
import { connectFrame, PONG, readFrame, socketUrl } from '../src/live/frames.ts';

const NSP = '/visitor';

describe('the Engine.IO v4 / Socket.IO v5 frames of the live replies listener', () => {
  it('reads the handshake, pings, the namespace’s connect, refusal, disconnect and events', () => {
    expect(readFrame('0{"sid":"abc","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}', NSP)).toEqual({
      type: 'open',
      pingInterval: 25000,
      pingTimeout: 20000,
    });
    expect(readFrame('2', NSP)).toEqual({ type: 'ping' });
    expect(readFrame('1', NSP)).toEqual({ type: 'close' });
    expect(readFrame('40/visitor,{"sid":"xyz"}', NSP)).toEqual({ type: 'connected' });
    expect(readFrame('41/visitor,', NSP)).toEqual({ type: 'close' });
    expect(readFrame('44/visitor,{"message":"unauthorized"}', NSP)).toEqual({ type: 'refused', reason: 'unauthorized' });
    expect(readFrame('44/visitor,{}', NSP)).toEqual({ type: 'refused', reason: '' });
    const message = { id: 'm1', conversationId: 'c1', type: 'agent', text: 'Hi', createdAt: '2026-01-01T00:00:00.000Z' };
    expect(readFrame(`42/visitor,${JSON.stringify(['message.created', { message }])}`, NSP)).toEqual({
      type: 'event',
      name: 'message.created',
      payload: { message },
    });
    // with an ack id, and without a payload
    expect(readFrame('42/visitor,17["resync"]', NSP)).toEqual({ type: 'event', name: 'resync', payload: undefined });
  });

  it('ignores malformed frames, other namespaces, binary and what it does not use', () => {
    for (const frame of [
      '',
      '0',
      '0not json',
      '0{"pingInterval":"25000","pingTimeout":20000}',
      '0{"pingInterval":-1,"pingTimeout":20000}',
      '22', // not a bare ping
      '3',
      '6',
      '42/visitor,not json',
      '42/visitor,{"event":"x"}',
      '42/visitor,[1,2]',
      '42/visitor,[]',
      '42/agent,["message.created",{}]',
      '42["message.created",{}]', // the main namespace
      '40/agent,{}',
      '45/visitor,1-["message.created",{"_placeholder":true,"num":0}]', // binary
      '43/visitor,1[{}]', // an ack
      '4',
      '9{}',
    ]) {
      expect(readFrame(frame, NSP), frame).toBeNull();
    }
    expect(readFrame(new ArrayBuffer(4), NSP)).toBeNull();
    expect(readFrame(null, NSP)).toBeNull();
    expect(readFrame({ toString: () => '2' }, NSP)).toBeNull();
  });

  it('writes the namespace connect with the token as socket.io-client does, and the pong', () => {
    expect(connectFrame(NSP, 'tok_"1')).toBe('40/visitor,{"token":"tok_\\"1"}');
    expect(PONG).toBe('3');
  });

  it('speaks WebSocket to Parley’s origin: wss for https', () => {
    expect(socketUrl('https://chat.example.com')).toBe('wss://chat.example.com/socket.io/?EIO=4&transport=websocket');
    expect(socketUrl('http://localhost:3000')).toBe('ws://localhost:3000/socket.io/?EIO=4&transport=websocket');
  });
});
