// XML answers of the demo as element trees: parity with the JSON answer, and the shape of a real server's answer (fixtures).
import { readFileSync } from 'node:fs';
import { XMLParser } from 'fast-xml-parser';
import * as assert from 'uvu/assert';
import { assetPath } from '../../src/base/packageRoot.js';
import type { DemoServer } from '../../src/demo/index.js';
import { demoFetch, type DemoRequest } from './demoServer.js';
import { notXmlCharacter } from './plexXml.js';

/** One element: its name, attributes as the XML text has them, and its children in order. */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
}

type Parsed = Record<string, unknown>;

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', preserveOrder: true, parseAttributeValue: false, parseTagValue: false, htmlEntities: true });

function toElement(node: Parsed): XmlElement | undefined {
  const name = Object.keys(node).find((key) => key !== ':@' && !key.startsWith('?') && key !== '#text');
  if (name === undefined) return undefined;
  const children = (node[name] as Parsed[]).map(toElement).filter((child): child is XmlElement => child !== undefined);
  return { name, attributes: { ...((node[':@'] as Record<string, string> | undefined) ?? {}) }, children };
}

export function parseXml(text: string): XmlElement {
  const root = (parser.parse(text) as Parsed[]).map(toElement).find((element) => element !== undefined);
  if (!root) throw new Error(`no element in ${text.slice(0, 200)}`);
  return root;
}

/** A fixture of test/fixtures/demo: a real server's answer, written by hand from the documentation. */
export function fixture(name: string): XmlElement {
  return parseXml(readFileSync(assetPath('test', 'fixtures', 'demo', name), 'utf8'));
}

/** The real server names a Metadata entry after its type in XML. */
function metadataName(type: unknown): string {
  if (type === 'movie' || type === 'episode' || type === 'clip') return 'Video';
  if (type === 'show' || type === 'season' || type === 'artist' || type === 'album') return 'Directory';
  if (type === 'track') return 'Track';
  return 'Metadata';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The element tree a JSON answer stands for: numbers and strings as text (less what XML cannot carry), booleans as 1/0, objects and lists as children. */
export function jsonToElement(name: string, value: Record<string, unknown>): XmlElement {
  const element: XmlElement = { name, attributes: {}, children: [] };
  for (const [key, field] of Object.entries(value)) {
    if (Array.isArray(field)) {
      for (const entry of field) if (isRecord(entry)) element.children.push(jsonToElement(key === 'Metadata' ? metadataName(entry.type) : key, entry));
    } else if (isRecord(field)) {
      element.children.push(jsonToElement(key, field));
    } else if (typeof field === 'boolean') {
      element.attributes[key] = field ? '1' : '0';
    } else if (typeof field === 'number' || typeof field === 'string') {
      // What XML cannot carry (ESC, BEL...) is left out of it; the JSON keeps it.
      element.attributes[key] = String(field).replace(notXmlCharacter, '');
    }
  }
  return element;
}

/** Where two trees first differ (a readable path), or undefined when they are the same. */
function firstDifference(xml: XmlElement, json: XmlElement, path = ''): string | undefined {
  const here = `${path}/${xml.name}`;
  if (xml.name !== json.name) return `${here}: element ${xml.name} in XML, ${json.name} in JSON`;
  for (const name of new Set([...Object.keys(xml.attributes), ...Object.keys(json.attributes)])) {
    if (xml.attributes[name] !== json.attributes[name]) return `${here}@${name}: "${xml.attributes[name] ?? '(none)'}" in XML, "${json.attributes[name] ?? '(none)'}" in JSON`;
  }
  if (xml.children.length !== json.children.length) return `${here}: ${xml.children.length} children in XML, ${json.children.length} in JSON`;
  for (const [index, child] of xml.children.entries()) {
    const other = json.children[index];
    const difference = other ? firstDifference(child, other, `${here}[${index}]`) : `${here}[${index}] missing in JSON`;
    if (difference) return difference;
  }
  return undefined;
}

/** Asks for `path` as XML and as JSON and asserts both hold the same data; answers the XML tree and the JSON. */
export async function xmlAndJson(server: DemoServer, path: string, request: DemoRequest = {}): Promise<{ xml: XmlElement; json: Record<string, unknown> }> {
  const xmlResponse = await demoFetch(server, path, { ...request, xml: true });
  const xmlText = await xmlResponse.text();
  assert.is(xmlResponse.status, 200, `${path} as XML: ${xmlText.slice(0, 200)}`);
  assert.match(xmlResponse.headers.get('content-type') ?? '', /text\/xml/);
  const jsonResponse = await demoFetch(server, path, request);
  const json = (await jsonResponse.json()) as Record<string, unknown>;
  assert.is(jsonResponse.status, 200);
  const container = json.MediaContainer;
  if (!isRecord(container)) throw new Error(`${path}: no MediaContainer in the JSON`);
  const xml = parseXml(xmlText);
  const difference = firstDifference(xml, jsonToElement('MediaContainer', container));
  assert.ok(difference === undefined, `${path}: XML and JSON differ at ${difference ?? ''}`);
  return { xml, json };
}

function kind(text: string): string {
  if (/^-?\d+(\.\d+)?$/.test(text)) return 'number';
  return 'text';
}

/**
 * Asserts `actual` has the shape of `expected` (a real server's answer): the same element name, every
 * attribute the fixture has (numbers where it has numbers), and for each child of the fixture a child of
 * the same name with that shape in turn. Values are the demo's own; extra attributes are allowed.
 */
export function assertShape(actual: XmlElement, expected: XmlElement, path = ''): void {
  const here = `${path}/${expected.name}`;
  assert.is(actual.name, expected.name, `element at ${here}`);
  for (const [attribute, value] of Object.entries(expected.attributes)) {
    const mine = actual.attributes[attribute];
    assert.ok(mine !== undefined, `${here} lacks ${attribute}`);
    assert.is(kind(mine), kind(value), `${here}@${attribute} is "${mine}", the real server's is like "${value}"`);
  }
  expected.children.forEach((child, position) => {
    const sameName = actual.children.filter((candidate) => candidate.name === child.name);
    const earlier = expected.children.slice(0, position).filter((sibling) => sibling.name === child.name).length;
    const match = sameName[earlier] ?? sameName[0];
    if (!match) throw new Error(`${here} has no ${child.name} child`);
    assertShape(match, child, here);
  });
}
