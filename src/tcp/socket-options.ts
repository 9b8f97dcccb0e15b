// The socket options a scenario's setsockopt step may set, named as setsockopt(2) and tcp(7) name
// them. One list for the scenario schema and the packetdrill reader (src/conformance/syscalls.ts).

export const SOCKET_OPTIONS = [
  'SO_REUSEADDR',
  'TCP_NODELAY',
  'SO_KEEPALIVE',
  'TCP_KEEPIDLE',
  'TCP_KEEPINTVL',
  'TCP_KEEPCNT',
  'SO_RCVTIMEO',
  'SO_SNDTIMEO',
  'SO_LINGER',
  'SO_BROADCAST',
  'SO_RCVBUF',
  'SO_SNDBUF',
] as const;
export type SocketOptionName = (typeof SOCKET_OPTIONS)[number];
