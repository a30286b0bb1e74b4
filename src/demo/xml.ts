// Renders a JSON response as the XML the real server sends without `Accept: application/json`.
import type { JsonObject, JsonValue } from './json.js';

const videoTypes = new Set(['movie', 'episode', 'clip']);
const directoryTypes = new Set(['show', 'season', 'artist', 'album', 'collection']);

/**
 * What XML 1.0 cannot carry at all, not even as a character reference: C0 controls other than tab, line feed and
 * carriage return (ESC, BEL, backspace...), lone surrogates, U+FFFE and U+FFFF. The real server leaves them out of its
 * XML; the JSON answer keeps the exact text. C1 controls (U+0080–U+009F) are legal XML and stay.
 */
const notXmlCharacter = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Line breaks and tabs as character references: an XML parser turns literal ones in an attribute into spaces (and \r\n into \n), so the text would not be the JSON's. */
function escape(text: string): string {
  return text.replace(notXmlCharacter, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}

/** Plex calls Metadata elements Video, Directory or Track in XML, after their type. */
function elementName(key: string, value: JsonObject): string {
  if (key !== 'Metadata') return key;
  const type = typeof value.type === 'string' ? value.type : '';
  if (videoTypes.has(type)) return 'Video';
  if (directoryTypes.has(type)) return 'Directory';
  if (type === 'track') return 'Track';
  return 'Metadata';
}

function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function attribute(value: JsonValue): string | undefined {
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value === 'number' || typeof value === 'string') return String(value);
  return undefined;
}

function element(name: string, value: JsonObject, indent: string): string {
  const attributes: string[] = [];
  const children: string[] = [];
  for (const [key, field] of Object.entries(value)) {
    if (field === undefined || field === null) continue;
    if (Array.isArray(field)) {
      for (const entry of field) {
        if (isObject(entry)) children.push(element(elementName(key, entry), entry, `${indent}  `));
        else if (entry !== null) children.push(`${indent}  <${key}>${escape(String(entry))}</${key}>`);
      }
    } else if (isObject(field)) {
      children.push(element(key, field, `${indent}  `));
    } else {
      const text = attribute(field);
      if (text !== undefined) attributes.push(` ${key}="${escape(text)}"`);
    }
  }
  const open = `${indent}<${name}${attributes.join('')}`;
  return children.length === 0 ? `${open} />` : `${open}>\n${children.join('\n')}\n${indent}</${name}>`;
}

/** `{ MediaContainer: {...} }` → `<MediaContainer ...>...</MediaContainer>`; a bare list becomes `<root>` of `<item>`s. */
export function toXml(body: JsonValue, rootName = 'MediaContainer', itemName = 'item'): string {
  const header = '<?xml version="1.0" encoding="UTF-8"?>\n';
  if (Array.isArray(body)) {
    const entries = body.filter(isObject).map((entry) => element(itemName, entry, '  '));
    return `${header}<${rootName} size="${entries.length}">\n${entries.join('\n')}\n</${rootName}>\n`;
  }
  if (isObject(body)) {
    const keys = Object.keys(body);
    const only = keys.length === 1 ? keys[0] : undefined;
    const inner = only === undefined ? undefined : body[only];
    if (only !== undefined && isObject(inner)) return `${header}${element(only, inner, '')}\n`;
    return `${header}${element(rootName, body, '')}\n`;
  }
  return `${header}<${rootName} />\n`;
}
