// 9. HTML validity (WCAG 4.1.1 as Norway still requires it): the Nu Html Checker (vnu, from the
// npm package vnu-jar, run with the machine's Java) finds no error in any page of the build.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { siteDir } from '../lib/site.js';

const require = createRequire(import.meta.url);

export function register() {
  describe('HTML validity', () => {
    it('the Nu Html Checker finds no error in any page', { timeout: 180_000 }, () => {
      const jar = require('vnu-jar');
      let output = '';
      try {
        execFileSync('java', ['-jar', jar, '--errors-only', '--no-langdetect', '--skip-non-html', '--format', 'gnu', siteDir()], {
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'pipe'],
        });
      } catch (error) {
        if (error.code === 'ENOENT') throw new Error('java is not installed: run.sh installs it');
        output = `${error.stdout || ''}${error.stderr || ''}`;
      }
      assert.equal(output.trim(), '', `vnu found errors:\n${output}`);
    });
  });
}
