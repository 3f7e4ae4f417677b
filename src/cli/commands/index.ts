import type { Command } from '../command.js';
import { deadLettersCommand } from './dead-letters.js';
import { serveCommand } from './serve.js';
import { transformCommand } from './transform.js';
import { transformationCommand } from './transformation.js';
import { webhookTemplateCommand } from './webhook-template.js';

/** Every `regal-braze` command, in the order `--help` lists them. Add a command here. */
export const COMMANDS: readonly Command[] = [
  transformCommand,
  transformationCommand,
  webhookTemplateCommand,
  serveCommand,
  deadLettersCommand,
];
