/** Payload bytes a Trace keeps per segment, datagram or recv (`len` always says the real length). */
export const TRACE_PAYLOAD_LIMIT = 256;
