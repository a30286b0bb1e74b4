// RxJS's Observable alone: the extension host loads this instead of all of RxJS, which would double its start time.
export { Observable } from 'rxjs/internal/Observable';
export type { Subscriber } from 'rxjs/internal/Subscriber';
export type { Subscription } from 'rxjs/internal/Subscription';
