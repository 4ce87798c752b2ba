// A VM's console in the page: a ticket from the API, a WebSocket ("binary", RFB inside) handed to noVNC,
// and the buttons a console needs (Ctrl-Alt-Del, full screen, paste as keys, reconnect). Every way it can
// end is said in words; when the VM moves to another host the console reconnects by itself.
import RFB from '../vendor/novnc/core/rfb.js';
import { post } from './api.js';
import { h, replace } from './dom.js';

/** What each close code of /v1/consoles/websocket means to the person at the console (docs/console.md). */
const ENDINGS = {
  4001: 'The console ticket expired or was already used.',
  4008: 'The console was closed after a long time without input.',
  4009: 'The VM is not running any more.',
  4010: 'The VM moved to another host.',
  4011: 'The VM\'s console cannot be reached.',
  4029: 'Too many consoles are open.',
  1001: 'The PoolPilot daemon is restarting.',
};
const XK_RETURN = 0xff0d;
const XK_TAB = 0xff09;

/** Builds the console for VM {uuid} into {container}; answers { dispose }. */
export function mountConsole(container, uuid, vmName) {
  const status = h('p', { id: 'console-status', class: 'console-status', 'data-state': 'connecting' }, 'Connecting…');
  const screen = h('div', { id: 'console-screen', class: 'console-screen' });
  const paste = h('textarea', { id: 'console-paste', rows: 2, placeholder: 'Text to type into the VM (sent as key presses)' });
  const buttons = {
    cad: h('button', { type: 'button', id: 'console-cad', disabled: true, onclick: () => rfb?.sendCtrlAltDel() }, 'Ctrl-Alt-Del'),
    full: h('button', { type: 'button', id: 'console-fullscreen', onclick: () => screen.requestFullscreen?.() }, 'Full screen'),
    type: h('button', { type: 'button', id: 'console-type', disabled: true, onclick: () => typeText(paste.value) }, 'Type it'),
    again: h('button', { type: 'button', id: 'console-reconnect', hidden: true, onclick: () => connect() }, 'Reconnect'),
  };
  replace(container, h('div', { class: 'toolbar' }, buttons.cad, buttons.full, buttons.again),
    status, screen, h('div', { class: 'console-paste' }, paste, buttons.type));

  let rfb = null;
  let closing = null;
  let disposed = false;

  function say(state, text) {
    status.dataset.state = state;
    status.textContent = text;
    const live = state === 'connected';
    buttons.cad.disabled = !live;
    buttons.type.disabled = !live;
    buttons.again.hidden = live || state === 'connecting';
    screen.hidden = state === 'refused';
  }

  function typeText(text) {
    if (!rfb) return;
    for (const ch of text.replace(/\r\n/g, '\n')) {
      const code = ch.codePointAt(0);
      const keysym = ch === '\n' ? XK_RETURN : ch === '\t' ? XK_TAB : code < 0x100 ? code : 0x01000000 + code;
      rfb.sendKey(keysym, null);
    }
    paste.value = '';
    rfb.focus();
  }

  async function connect() {
    if (disposed) return;
    say('connecting', `Connecting to the console of ${vmName}…`);
    let ticket;
    try {
      ticket = (await post(`/v1/vms/${uuid}/console`)).body;
    } catch (err) {
      const detail = err.body?.detail || err.message;
      if (err.status === 409) say('refused', `No console: ${detail}`);
      else if (err.status === 403) say('refused', 'Your token may not open consoles: the operator role is needed.');
      else if (err.status === 429) say('refused', `No console now: ${detail}`);
      else say('refused', `No console: ${detail}`);
      return;
    }
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const socket = new WebSocket(`${scheme}://${location.host}${ticket.websocketPath}`, ['binary']);
    closing = null;
    socket.addEventListener('close', e => { closing = e; });
    replace(screen);
    rfb = new RFB(screen, socket, { shared: true });
    rfb.scaleViewport = true;
    rfb.focusOnClick = true;
    rfb.addEventListener('connect', () => {
      say('connected', `Connected to ${vmName}: click the screen and type; keys go to the VM.`);
      rfb.focus();
    });
    rfb.addEventListener('disconnect', () => {
      rfb = null;
      if (disposed) return;
      const code = closing?.code;
      const why = ENDINGS[code] || 'The connection to the console was lost.';
      const reason = closing?.reason ? ` (${closing.reason})` : '';
      if (code === 4010) {
        say('connecting', `${why} Reconnecting to its new host…`);
        setTimeout(connect, 1000);
      } else {
        say('closed', `${why}${reason}`);
      }
    });
  }

  connect();
  return {
    dispose() {
      disposed = true;
      rfb?.disconnect();
    },
  };
}
