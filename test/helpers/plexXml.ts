// The demo's XML answers in tests: a plain element tree, shape checks against hand-written fixtures of the real
// server's answers (test/fixtures/plex-shapes), and the rule that XML and JSON answers hold the same data.
import { readFileSync } from 'node:fs';
import { XMLParser } from 'fast-xml-parser';
import { assetPath } from '../../src/base/packageRoot.js';
import type { DemoServer } from '../../src/demo/index.js';
import { demoFetch } from './demoServer.js';

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
}

type ParsedNode = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: false, attributeNamePrefix: '', preserveOrder: true, parseAttributeValue: false, parseTagValue: false, trimValues: false, htmlEntities: true,
  commentPropName: '#comment',
});

function toElement(node: ParsedNode): XmlElement | undefined {
  const name = Object.keys(node).find((key) => key !== ':@');
  if (name === undefined || name.startsWith('#') || name.startsWith('?')) return undefined;
  const attributes = (node[':@'] ?? {}) as Record<string, string>;
  const content = (node[name] ?? []) as ParsedNode[];
  return { name, attributes: { ...attributes }, children: content.map(toElement).filter((child): child is XmlElement => child !== undefined) };
}

/** The document's root element. */
export function parseXml(text: string): XmlElement {
  const nodes = parser.parse(text) as ParsedNode[];
  const root = nodes.map(toElement).find((element) => element !== undefined);
  if (!root) throw new Error(`no element in: ${text.slice(0, 200)}`);
  return root;
}

/** A hand-written example of the real server's answer, from test/fixtures/plex-shapes. */
export function shapeFixture(name: string): XmlElement {
  return parseXml(readFileSync(assetPath('test', 'fixtures', 'plex-shapes', name), 'utf8'));
}

function isInteger(text: string): boolean {
  return /^-?\d+$/.test(text);
}

function isNumber(text: string): boolean {
  return /^-?\d+(\.\d+)?$/.test(text);
}

/**
 * Fails unless `actual` has the shape of `fixture`: the same element name; every fixture attribute present, and a
 * number wherever the fixture has one; for every child name of the fixture, at least one such child, each of them
 * shaped like the fixture's first child of that name. Values and extra attributes are free.
 */
export function assertShape(fixture: XmlElement, actual: XmlElement, path = fixture.name): void {
  if (fixture.name !== actual.name) throw new Error(`${path}: element <${actual.name}>, the real server sends <${fixture.name}>`);
  for (const [name, value] of Object.entries(fixture.attributes)) {
    const got = actual.attributes[name];
    if (got === undefined) throw new Error(`${path}: no ${name}= (the real server sends ${name}="${value}")`);
    if (isInteger(value) && !isInteger(got)) throw new Error(`${path}: ${name}="${got}" is not a whole number like "${value}"`);
    if (isNumber(value) && !isNumber(got)) throw new Error(`${path}: ${name}="${got}" is not a number like "${value}"`);
  }
  const templates = new Map<string, XmlElement>();
  for (const child of fixture.children) if (!templates.has(child.name)) templates.set(child.name, child);
  for (const [name, template] of templates) {
    const matching = actual.children.filter((child) => child.name === name);
    if (matching.length === 0) throw new Error(`${path}: no <${name}> child`);
    matching.forEach((child, index) => assertShape(template, child, `${path}/${name}[${index}]`));
  }
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** What the real server calls a Metadata entry in XML, after its type. */
function metadataElementName(entry: { [key: string]: Json }): string {
  const type = entry.type;
  if (type === 'movie' || type === 'episode' || type === 'clip') return 'Video';
  if (type === 'track') return 'Track';
  if (type === 'photo') return 'Photo';
  return 'Directory';
}

function isJsonObject(value: Json | undefined): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** XML 1.0's Char production: the real server leaves every other character (ESC, BEL, backspace...) out of its XML, JSON keeps it. */
export const notXmlCharacter = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** The XML element the real server sends for a JSON object: scalars as attributes (booleans 1/0, text without what XML cannot carry), objects and lists of objects as children. */
export function jsonAsXml(name: string, value: { [key: string]: Json }): XmlElement {
  const attributes: Record<string, string> = {};
  const children: XmlElement[] = [];
  for (const [key, field] of Object.entries(value)) {
    if (field === null) continue;
    if (Array.isArray(field)) {
      for (const entry of field) if (isJsonObject(entry)) children.push(jsonAsXml(key === 'Metadata' ? metadataElementName(entry) : key, entry));
    } else if (isJsonObject(field)) {
      children.push(jsonAsXml(key, field));
    } else {
      attributes[key] = typeof field === 'boolean' ? (field ? '1' : '0') : String(field).replace(notXmlCharacter, '');
    }
  }
  return { name, attributes, children };
}

/** Fails unless the XML answer holds exactly the data of the JSON answer. */
export function xmlParityProblem(json: unknown, xmlText: string): string | undefined {
  if (!isJsonObject(json as Json) || !isJsonObject((json as { MediaContainer?: Json }).MediaContainer)) return 'the JSON answer is not {MediaContainer: {...}}';
  const expected = jsonAsXml('MediaContainer', (json as { MediaContainer: { [key: string]: Json } }).MediaContainer);
  const actual = parseXml(xmlText);
  const difference = firstDifference(expected, actual, 'MediaContainer');
  return difference;
}

function firstDifference(expected: XmlElement, actual: XmlElement, path: string): string | undefined {
  if (expected.name !== actual.name) return `${path}: XML has <${actual.name}>, JSON says <${expected.name}>`;
  const names = new Set([...Object.keys(expected.attributes), ...Object.keys(actual.attributes)]);
  for (const name of names) {
    if (expected.attributes[name] !== actual.attributes[name]) return `${path}@${name}: XML "${actual.attributes[name]}", JSON "${expected.attributes[name]}"`;
  }
  if (expected.children.length !== actual.children.length) return `${path}: XML has ${actual.children.length} children, JSON ${expected.children.length}`;
  for (const [index, child] of expected.children.entries()) {
    const difference = firstDifference(child, actual.children[index] as XmlElement, `${path}/${child.name}[${index}]`);
    if (difference) return difference;
  }
  return undefined;
}

/** One path asked twice, as JSON and as XML (no Accept); fails unless both answer 200. */
export async function fetchBoth(server: DemoServer, path: string): Promise<{ json: unknown; xml: string; headers: Headers }> {
  const [jsonResponse, xmlResponse] = [await demoFetch(server, path), await demoFetch(server, path, { xml: true })];
  if (jsonResponse.status !== 200 || xmlResponse.status !== 200) {
    await Promise.all([jsonResponse.arrayBuffer(), xmlResponse.arrayBuffer()]);
    throw new Error(`${path} answered ${jsonResponse.status} (JSON) and ${xmlResponse.status} (XML)`);
  }
  return { json: await jsonResponse.json(), xml: await xmlResponse.text(), headers: jsonResponse.headers };
}

/** Fails unless `path` answers the fixture's shape in XML, and the same data in JSON. */
export async function assertConforms(server: DemoServer, path: string, fixture: string): Promise<{ json: unknown; xml: XmlElement }> {
  const both = await fetchBoth(server, path);
  const xml = parseXml(both.xml);
  assertShape(shapeFixture(fixture), xml, path);
  const problem = xmlParityProblem(both.json, both.xml);
  if (problem) throw new Error(`${path}: XML and JSON differ: ${problem}`);
  return { json: both.json, xml };
}
