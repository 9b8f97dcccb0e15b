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
  // A non-blocking connect() in progress, and a second connect() while it is (POSIX connect()).
  'EINPROGRESS',
  'EALREADY',
] as const;
export type Errno = (typeof ERRNOS)[number];
