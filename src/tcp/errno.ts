// The errno values socket calls report, named as the course (and errno(3)) names them.

export const ERRNOS = [
  'ECONNREFUSED',
  'ETIMEDOUT',
  'ECONNRESET',
  'EPIPE',
  'EADDRINUSE',
  'EAGAIN',
  'EBADF',
  'EINVAL',
  'EISCONN',
  'ENOTCONN',
  'EACCES',
  'EMSGSIZE',
  'EHOSTUNREACH',
] as const;
export type Errno = (typeof ERRNOS)[number];
