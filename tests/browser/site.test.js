// The accessibility of every page of the built site, in a real headless Chromium.
// Run through run.sh, which builds the site and sets PLANVERK_SITE.
import { describe, before, after } from 'node:test';
import { createContext } from './lib/context.js';
import * as pages from './checks/pages.js';
import * as keyboard from './checks/keyboard.js';
import * as text from './checks/text.js';
import * as weight from './checks/weight.js';
import * as search from './checks/search.js';
import * as languages from './checks/languages.js';
import * as html from './checks/html.js';
import * as preview from './checks/preview.js';
import * as measureSearch from './checks/measure-search.js';
import * as layout from './checks/layout.js';
import * as consultation from './checks/consultation.js';

const ctx = createContext();

describe('planverk site in Chromium', () => {
  before(ctx.start, { timeout: 60_000 });
  after(ctx.stop);
  pages.register(ctx);
  keyboard.register(ctx);
  text.register(ctx);
  weight.register(ctx);
  search.register(ctx);
  languages.register(ctx);
  html.register(ctx);
  preview.register(ctx);
  measureSearch.register(ctx);
  layout.register(ctx);
  consultation.register(ctx);
});
