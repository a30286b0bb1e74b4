// The attributes the real server puts on every MediaContainer that lists one section's content.
import type { DemoContext } from './context.js';
import type { JsonObject } from './json.js';
import type { DemoSection } from './model.js';

export const libraryIdentifier = 'com.plexapp.plugins.library';
export const mediaTagPrefix = '/system/bundle/media/flags/';

export function sectionContainer(section: DemoSection, context: DemoContext): JsonObject {
  return {
    allowSync: true, art: `/:/resources/${section.type}-fanart.jpg`, identifier: libraryIdentifier,
    librarySectionID: section.id, librarySectionTitle: section.title, librarySectionUUID: section.uuid,
    mediaTagPrefix, mediaTagVersion: context.startedAt, thumb: `/:/resources/${section.type}.png`, title1: section.title,
  };
}
