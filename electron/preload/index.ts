/**
 * The preload: a sandboxed, dependency-free bridge. It exposes exactly two functions under
 * `window.ceiling` — call a contract method, listen to events — over two fixed channels. The raw
 * ipcRenderer never reaches the page; names and payloads are validated in main against the contract.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL } from '../../shared/ipc-channels';

contextBridge.exposeInMainWorld('ceiling', {
  call: (name: string, input: unknown): Promise<unknown> =>
    ipcRenderer.invoke(IPC_CALL_CHANNEL, String(name), input),
  onEvent: (listener: (event: unknown) => void): (() => void) => {
    const forward = (_event: IpcRendererEvent, payload: unknown): void => listener(payload);
    ipcRenderer.on(IPC_EVENT_CHANNEL, forward);
    return () => ipcRenderer.removeListener(IPC_EVENT_CHANNEL, forward);
  },
});
