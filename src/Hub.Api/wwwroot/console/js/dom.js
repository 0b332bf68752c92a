// Small DOM helpers. Text is always set as text, never parsed as HTML: values from the hub (names, addresses,
// reasons typed by operators) cannot inject markup.

/**
 * Creates an element. attrs: class, text, style (an object), other attributes, boolean attributes (true/false), and on<Event>
 * handlers. Children: nodes, strings (as text), arrays, null/undefined/false (skipped).
 */
export function h(tag, attrs = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (name === 'class') {
      element.className = value;
    } else if (name === 'style' && typeof value === 'object') {
      // Through the CSSOM: the content security policy forbids style attributes in markup.
      Object.assign(element.style, value);
    } else if (name === 'text') {
      element.textContent = String(value);
    } else if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2).toLowerCase(), value);
    } else if (value === true) {
      element.setAttribute(name, '');
    } else {
      element.setAttribute(name, String(value));
    }
  }
  append(element, children);
  return element;
}

function append(parent, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) {
      continue;
    }
    if (Array.isArray(child)) {
      append(parent, child);
    } else if (child instanceof Node) {
      parent.appendChild(child);
    } else {
      parent.appendChild(document.createTextNode(String(child)));
    }
  }
}

const SVG = 'http://www.w3.org/2000/svg';

/** Creates an SVG element with the given attributes. */
export function svg(tag, attrs = {}, ...children) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (name === 'text') {
      element.textContent = String(value);
    } else if (value !== undefined && value !== null) {
      element.setAttribute(name, String(value));
    }
  }
  for (const child of children.flat()) {
    if (child) {
      element.appendChild(child);
    }
  }
  return element;
}

/** A table with a caption, header cells scoped to columns, and rows of cells (strings or nodes). */
export function table(caption, headers, rows, options = {}) {
  const head = h('thead', {}, h('tr', {}, headers.map((text) => h('th', { scope: 'col', text }))));
  const body = h('tbody', {}, rows.map((cells) => h('tr', {}, cells.map((cell, i) =>
    i === 0 && options.rowHeaders ? h('th', { scope: 'row' }, cell) : h('td', {}, cell)))));
  // The wrapper scrolls sideways on a narrow screen; it is focusable so that a keyboard can scroll it too.
  return h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': caption },
    h('table', { class: options.class ?? '' }, h('caption', { text: caption }), head, body));
}

/** A labelled form control: label, control, optional hint and error slot, ids wired for assistive technology. */
export function field(id, labelText, control, hintText) {
  control.id = id;
  const parts = [h('label', { for: id, text: labelText })];
  if (hintText) {
    const hint = h('p', { class: 'hint', id: `${id}-hint`, text: hintText });
    control.setAttribute('aria-describedby', hint.id);
    parts.push(control, hint);
  } else {
    parts.push(control);
  }
  return h('div', { class: 'field' }, parts);
}

/** An alert box: role=alert for errors (announced at once), role=status for confirmations. */
export function notice(kind, text, ...extra) {
  return h('div', { class: `notice notice-${kind}`, role: kind === 'error' ? 'alert' : 'status' }, h('p', { text }), extra);
}
