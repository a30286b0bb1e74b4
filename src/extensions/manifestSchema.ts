// The JSON schema of a plugin's package.json, checked before any plugin code runs.

const nonEmpty = { type: 'string', minLength: 1 } as const;
const identifier = { type: 'string', pattern: '^[a-z0-9][a-z0-9._-]*$' } as const;

export const manifestSchema = {
  type: 'object',
  required: ['name', 'version', 'engines'],
  properties: {
    name: { type: 'string', pattern: '^[a-z0-9][a-z0-9._-]*$', maxLength: 214 },
    version: nonEmpty,
    type: { enum: ['module', 'commonjs'] },
    main: nonEmpty,
    displayName: { type: 'string' },
    description: { type: 'string' },
    engines: {
      type: 'object',
      required: ['plexterm'],
      properties: { plexterm: nonEmpty },
    },
    activationEvents: { type: 'array', items: nonEmpty },
    extensionDependencies: { type: 'array', items: identifier },
    contributes: {
      type: 'object',
      properties: {
        commands: {
          type: 'array',
          items: {
            type: 'object',
            required: ['command', 'title'],
            properties: { command: nonEmpty, title: nonEmpty, category: { type: 'string' }, when: { type: 'string' } },
          },
        },
        keybindings: {
          type: 'array',
          items: {
            type: 'object',
            required: ['command', 'key'],
            properties: { command: nonEmpty, key: nonEmpty, when: { type: 'string' } },
          },
        },
        players: {
          type: 'array',
          items: {
            type: 'object',
            required: ['id', 'title', 'mediaTypes'],
            properties: {
              id: identifier,
              title: nonEmpty,
              mediaTypes: { type: 'array', minItems: 1, uniqueItems: true, items: { enum: ['video', 'audio', 'photo'] } },
              oneProcessPerQueue: { type: 'boolean' },
            },
          },
        },
        themes: {
          type: 'array',
          items: {
            type: 'object',
            required: ['id', 'label', 'path'],
            properties: { id: identifier, label: nonEmpty, path: nonEmpty },
          },
        },
        configuration: {
          type: 'object',
          required: ['properties'],
          properties: { properties: { type: 'object', additionalProperties: { type: 'object' } } },
        },
      },
    },
  },
} as const;
