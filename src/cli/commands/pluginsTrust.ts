// `plexterm plugins trust <id>` and `plugins untrust <id>`: the person's say over which third-party plugins run.
import type { Output } from '../output.js';
import type { Session } from '../../session/session.js';

export async function trustAction(session: Session, output: Output, id: string): Promise<void> {
  const extensions = await session.extensions();
  await extensions.trust(id);
  output.out(`trusted ${id}: it runs as you from now on; if its files change, it asks again`);
}

export async function untrustAction(session: Session, output: Output, id: string): Promise<void> {
  const extensions = await session.extensions();
  const was = await extensions.untrust(id);
  output.out(was ? `${id} is no longer trusted: it does not run until you trust it again` : `${id} was not trusted; nothing changed`);
}
