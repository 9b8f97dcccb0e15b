// The page's side of layouts asked of the import worker (protocol.ts `layout`): one at a time, and
// while one is laid out only the newest of those asked since waits (a resize asks at every step
// of its width; the worker lays out one whole trace at a time and cannot be interrupted). A layout
// arrives without its items: the view asks for the rows near it (`layout-window`).
import { LayoutWindows, type SentLayoutOptions } from '../../diagram';
import type { LayoutResult, LayoutSource } from '../diagram/layout-source';
import type { WorkerReply, WorkerRequest } from './protocol';

type LayoutReply = Extract<WorkerReply, { type: 'layout' | 'layout-window' | 'layout-failed' }>;

interface Asked {
  options: SentLayoutOptions;
  done: (result: LayoutResult) => void;
}

export class WorkerLayouts implements LayoutSource {
  private nextId = 1;
  private inFlight: (Asked & { id: number }) | undefined;
  private waiting: Asked | undefined;
  /** The last layout received: only its windows are asked for and kept. */
  private shown: { id: number; windows: LayoutWindows } | undefined;

  constructor(private readonly send: (request: WorkerRequest) => void) {}

  layOut(options: SentLayoutOptions, done: (result: LayoutResult) => void): void {
    this.waiting = { options, done };
    if (this.inFlight === undefined) this.sendWaiting();
  }

  /** Takes a reply about layouts; false for any other reply. */
  receive(reply: WorkerReply): boolean {
    if (reply.type !== 'layout' && reply.type !== 'layout-window' && reply.type !== 'layout-failed') return false;
    this.onReply(reply);
    return true;
  }

  /** The worker is gone: whoever waits is told. */
  fail(message: string): void {
    const asked = [this.inFlight, this.waiting];
    this.inFlight = this.waiting = undefined;
    for (const one of asked) one?.done({ error: message });
  }

  private onReply(reply: LayoutReply): void {
    if (reply.type === 'layout-window') {
      if (this.shown?.id === reply.id) this.shown.windows.receive(reply.window);
      return;
    }
    const flight = this.inFlight;
    if (flight === undefined || reply.id !== flight.id) return;
    this.inFlight = undefined;
    if (reply.type === 'layout-failed') flight.done({ error: reply.message });
    else {
      const { id } = reply;
      const windows = new LayoutWindows((top, bottom) => this.send({ type: 'layout-window', id, top, bottom }));
      this.shown = { id, windows };
      flight.done({ layout: windows.layout(reply.head) });
    }
    this.sendWaiting();
  }

  private sendWaiting(): void {
    const asked = this.waiting;
    if (asked === undefined) return;
    this.waiting = undefined;
    const id = this.nextId++;
    this.inFlight = { ...asked, id };
    this.send({ type: 'layout', id, options: asked.options });
  }
}
