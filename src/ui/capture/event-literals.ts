// Object literals for the shapes of events a capture is made of (src/trace/import
// packet-events.ts: segments with their optional keys, delivers, datagrams, state changes), for
// the page's side of event-columns.ts. A literal's object is laid out as a copy of a template's
// (its keys inside), but V8 also tracks where it is allocated: once it sees that nearly all of a
// literal's objects live on (a trace's events do), it allocates them straight in the old
// generation, so no scavenge copies a million events again (those copies were main-thread pauses
// of 100-250 ms while a big capture arrived, issue 9). Another shape falls back to the template.
// Each builder takes the event's values in its key order; which builder fits is decided by the
// exact key list, so an importer that changes its keys loses only this speed.

type Build = (v: readonly unknown[]) => unknown;

const seg = 't,kind,id,from,to,src,dst,flags,seq,ack,window,len,options,payload';
const scaled = `${seg},windowRaw,windowShift`;

// prettier-ignore
const builders: Readonly<Record<string, Build>> = {
  't,kind,id,host,socket': (v) => ({ t: v[0], kind: v[1], id: v[2], host: v[3], socket: v[4] }),
  't,kind,id,host': (v) => ({ t: v[0], kind: v[1], id: v[2], host: v[3] }),
  [seg]: (v) => ({
    t: v[0], kind: v[1], id: v[2], from: v[3], to: v[4], src: v[5], dst: v[6], flags: v[7], seq: v[8], ack: v[9],
    window: v[10], len: v[11], options: v[12], payload: v[13],
  }),
  [`${seg},socket`]: (v) => ({
    t: v[0], kind: v[1], id: v[2], from: v[3], to: v[4], src: v[5], dst: v[6], flags: v[7], seq: v[8], ack: v[9],
    window: v[10], len: v[11], options: v[12], payload: v[13], socket: v[14],
  }),
  [`${seg},truncated`]: (v) => ({
    t: v[0], kind: v[1], id: v[2], from: v[3], to: v[4], src: v[5], dst: v[6], flags: v[7], seq: v[8], ack: v[9],
    window: v[10], len: v[11], options: v[12], payload: v[13], truncated: v[14],
  }),
  [`${seg},socket,truncated`]: (v) => ({
    t: v[0], kind: v[1], id: v[2], from: v[3], to: v[4], src: v[5], dst: v[6], flags: v[7], seq: v[8], ack: v[9],
    window: v[10], len: v[11], options: v[12], payload: v[13], socket: v[14], truncated: v[15],
  }),
  [scaled]: (v) => ({
    t: v[0], kind: v[1], id: v[2], from: v[3], to: v[4], src: v[5], dst: v[6], flags: v[7], seq: v[8], ack: v[9],
    window: v[10], len: v[11], options: v[12], payload: v[13], windowRaw: v[14], windowShift: v[15],
  }),
  [`${scaled},socket`]: (v) => ({
    t: v[0], kind: v[1], id: v[2], from: v[3], to: v[4], src: v[5], dst: v[6], flags: v[7], seq: v[8], ack: v[9],
    window: v[10], len: v[11], options: v[12], payload: v[13], windowRaw: v[14], windowShift: v[15], socket: v[16],
  }),
  [`${scaled},truncated`]: (v) => ({
    t: v[0], kind: v[1], id: v[2], from: v[3], to: v[4], src: v[5], dst: v[6], flags: v[7], seq: v[8], ack: v[9],
    window: v[10], len: v[11], options: v[12], payload: v[13], windowRaw: v[14], windowShift: v[15], truncated: v[16],
  }),
  [`${scaled},socket,truncated`]: (v) => ({
    t: v[0], kind: v[1], id: v[2], from: v[3], to: v[4], src: v[5], dst: v[6], flags: v[7], seq: v[8], ack: v[9],
    window: v[10], len: v[11], options: v[12], payload: v[13], windowRaw: v[14], windowShift: v[15], socket: v[16],
    truncated: v[17],
  }),
  't,kind,id,from,to,src,dst,len,payload,socket': (v) => ({
    t: v[0], kind: v[1], id: v[2], from: v[3], to: v[4], src: v[5], dst: v[6], len: v[7], payload: v[8], socket: v[9],
  }),
  't,kind,host,socket,from,to,reason,cause,causeText,inferred': (v) => ({
    t: v[0], kind: v[1], host: v[2], socket: v[3], from: v[4], to: v[5], reason: v[6], cause: v[7], causeText: v[8],
    inferred: v[9],
  }),
};

/** The key lists that have a literal, each as its keys joined by commas. */
export const literalShapes: readonly string[] = Object.keys(builders);

/** The literal builder for events of exactly these keys in this order, if there is one. */
export function literalFor(keys: readonly string[]): Build | undefined {
  return Object.hasOwn(builders, keys.join()) ? builders[keys.join()] : undefined;
}
