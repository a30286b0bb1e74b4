// The browse endpoints added beside the library routes: library root and /library/all, section filters and sorts, collections, images.
import { collectionRoutes } from './collectionRoutes.js';
import type { Route } from './context.js';
import { imageRoutes } from './imageRoutes.js';
import { sectionRoutes } from './sectionRoutes.js';

export const browseRoutes: Route[] = [...sectionRoutes, ...collectionRoutes, ...imageRoutes];
