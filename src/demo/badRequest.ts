// The error a route throws for bad parameters: the main server answers it with 400, as the real server does.

/** A request the demo refuses with 400, as the real server does for bad parameters. */
export class BadRequest extends Error {}
