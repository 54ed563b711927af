/** The two IPC channels between preload and main: every call goes through one, every event through the other. */
export const IPC_CALL_CHANNEL = 'ceiling:call';
export const IPC_EVENT_CHANNEL = 'ceiling:event';
