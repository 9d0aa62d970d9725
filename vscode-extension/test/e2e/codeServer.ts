/**
 * Runs the packaged extension in a real VS Code: code-server (VS Code 1.100.3 for the browser,
 * extensions in a Node extension host) in a fresh profile, driven by Debian's Chromium through
 * playwright-core. See /work/shared/reference/vscode-e2e.md and scripts/setup-e2e.sh.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';

export const EXTENSION_ROOT = join(__dirname, '..', '..', '..');
export const REPO_ROOT = join(EXTENSION_ROOT, '..');
export const VSIX_PATH = join(EXTENSION_ROOT, 'wflint.vsix');
export const FIXTURES = join(EXTENSION_ROOT, 'test', 'e2e', 'fixtures');
/** Generous: the selectors are VS Code internals and the machine has two cores. */
export const UI_TIMEOUT_MS = 60_000;
const QUICK_INPUT_TIMEOUT_MS = 5_000;
const QUICK_INPUT_ATTEMPTS = 4;
const QUICK_INPUT_SETTLE_MS = 300;

const CHROMIUM = process.env.WFLINT_E2E_CHROMIUM ?? '/usr/bin/chromium';

export function screenshotDir(): string {
  // Committed screenshots are refreshed only on request, so a normal run leaves the tree clean.
  const dir = process.env.WFLINT_E2E_UPDATE_SCREENSHOTS === '1' ? join(EXTENSION_ROOT, 'images') : join(EXTENSION_ROOT, '.e2e', 'screenshots');
  mkdirSync(dir, { recursive: true });
  return dir;
}

export function codeServerBinary(): string {
  if (process.env.WFLINT_E2E_CODE_SERVER) {
    return process.env.WFLINT_E2E_CODE_SERVER;
  }
  // The setup script prints the binary on its last line and is quick when everything is cached.
  const output = execFileSync('bash', [join(EXTENSION_ROOT, 'scripts', 'setup-e2e.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  return output.trim().split('\n').pop()!;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface SessionOptions {
  name: string;
  /** User settings on top of the quiet defaults below. */
  settings: Record<string, unknown>;
  /** Files copied into the workspace folder (relative to fixtures/). */
  fixtures: string[];
  /** PATH for code-server and so for the extension host and the server it starts. */
  path?: string;
}

export class CodeServerSession {
  readonly root: string;
  readonly workspace: string;
  readonly userData: string;
  page!: Page;
  private browser: Browser | undefined;
  private server: ChildProcess | undefined;
  private serverOutput = '';

  private constructor(private readonly binary: string, private readonly options: SessionOptions) {
    this.root = mkdtempSync(join(tmpdir(), `wflint-e2e-${options.name}-`));
    this.workspace = join(this.root, 'workspace');
    this.userData = join(this.root, 'user-data');
  }

  static async start(binary: string, options: SessionOptions): Promise<CodeServerSession> {
    const session = new CodeServerSession(binary, options);
    try {
      await session.launch();
    } catch (error) {
      await session.stop();
      throw error;
    }
    return session;
  }

  /** Everything code-server and Chromium write goes below the session's temporary folder. */
  private environment(): NodeJS.ProcessEnv {
    const home = join(this.root, 'home');
    const tmp = join(this.root, 'tmp');
    for (const dir of [home, tmp]) {
      mkdirSync(dir, { recursive: true });
    }
    return {
      ...process.env,
      PATH: this.options.path ?? process.env.PATH,
      HOME: home,
      XDG_CONFIG_HOME: join(home, '.config'),
      XDG_DATA_HOME: join(home, '.local', 'share'),
      XDG_CACHE_HOME: join(home, '.cache'),
      TMPDIR: tmp,
    };
  }

  private async launch(): Promise<void> {
    const env = this.environment();
    const extensions = join(this.root, 'extensions');
    const config = join(this.root, 'code-server.yaml');
    mkdirSync(join(this.userData, 'User'), { recursive: true });
    mkdirSync(this.workspace, { recursive: true });
    for (const fixture of this.options.fixtures) {
      cpSync(join(FIXTURES, fixture), join(this.workspace, fixture), { recursive: true });
    }
    writeFileSync(config, 'auth: none\ncert: false\n');
    writeFileSync(
      join(this.userData, 'User', 'settings.json'),
      JSON.stringify(
        {
          'workbench.startupEditor': 'none',
          'workbench.tips.enabled': false,
          'workbench.enableExperiments': false,
          'telemetry.telemetryLevel': 'off',
          'update.mode': 'none',
          'extensions.autoUpdate': false,
          'extensions.autoCheckUpdates': false,
          'extensions.ignoreRecommendations': true,
          'security.workspace.trust.enabled': false,
          'chat.commandCenter.enabled': false,
          'editor.minimap.enabled': false,
          'git.enabled': false,
          ...this.options.settings,
        },
        null,
        2,
      ),
    );

    const common = ['--user-data-dir', this.userData, '--extensions-dir', extensions, '--config', config];
    execFileSync(this.binary, [...common, '--install-extension', VSIX_PATH], { env, stdio: 'pipe', timeout: 120_000 });

    const port = await freePort();
    // detached = setsid: the extension host and the language server join code-server's process
    // group, so stop() can end all of them with one signal.
    this.server = spawn(
      this.binary,
      [
        ...common,
        '--bind-addr', `127.0.0.1:${port}`,
        '--auth', 'none',
        '--disable-telemetry',
        '--disable-update-check',
        '--disable-workspace-trust',
        '--disable-getting-started-override',
        this.workspace,
      ],
      { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.server.stdout?.on('data', (chunk) => (this.serverOutput += chunk));
    this.server.stderr?.on('data', (chunk) => (this.serverOutput += chunk));
    const url = `http://127.0.0.1:${port}`;
    await this.waitForHealth(url);

    this.browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
      env,
    });
    const context = await this.browser.newContext({ viewport: { width: 1280, height: 760 } });
    this.page = await context.newPage();
    this.page.setDefaultTimeout(UI_TIMEOUT_MS);
    await this.page.goto(`${url}/?folder=${encodeURIComponent(this.workspace)}`);
    await this.page.locator('.monaco-workbench').waitFor();
    await this.page.locator('.explorer-folders-view, .explorer-viewlet').first().waitFor();
  }

  private async waitForHealth(url: string): Promise<void> {
    const deadline = Date.now() + UI_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (this.server?.exitCode !== null) {
        throw new Error(`code-server exited early:\n${this.serverOutput}`);
      }
      try {
        const response = await fetch(`${url}/healthz`);
        if (response.ok) {
          return;
        }
      } catch {
        // not listening yet
      }
      await sleep(250);
    }
    throw new Error(`code-server did not become healthy within ${UI_TIMEOUT_MS} ms:\n${this.serverOutput}`);
  }

  async screenshot(name: string): Promise<void> {
    await this.page.screenshot({ path: join(screenshotDir(), `${name}.png`) });
  }

  /**
   * Opens the quick input with `key` (Quick Open, the command palette, Go to Line) and returns
   * its text box. The quick input closes when it loses focus, and focus may still be moving
   * when the key is pressed (a hover or suggestion widget closing, an editor taking focus after
   * a click): the key is pressed again until the box shows and stays open.
   */
  async quickInput(key: string): Promise<Locator> {
    const input = this.page.locator('.quick-input-widget input').first();
    for (let attempt = 1; attempt <= QUICK_INPUT_ATTEMPTS; attempt++) {
      await this.page.keyboard.press(key);
      const shown = await input.waitFor({ state: 'visible', timeout: QUICK_INPUT_TIMEOUT_MS }).then(() => true, () => false);
      if (shown) {
        await this.page.waitForTimeout(QUICK_INPUT_SETTLE_MS);
        if (await input.isVisible()) return input;
      }
      await this.page.keyboard.press('Escape');
    }
    throw new Error(`the quick input did not stay open after ${QUICK_INPUT_ATTEMPTS} presses of ${key}`);
  }

  /** Opens a workspace file through Quick Open, as a person would. */
  async openFile(relativePath: string): Promise<void> {
    const fileName = relativePath.split('/').pop()!;
    await this.editorArea().click({ position: { x: 5, y: 5 } }).catch(() => undefined);
    const input = await this.quickInput('Control+P');
    await input.fill(relativePath);
    await this.page.locator('.quick-input-list .monaco-list-row', { hasText: fileName }).first().waitFor();
    await this.page.keyboard.press('Enter');
    await this.page.locator('.tab.active', { hasText: fileName }).waitFor();
    await this.activeEditor().locator('.view-lines').waitFor();
  }

  /** Runs a command by its title from the command palette. */
  async runCommand(title: string): Promise<void> {
    const input = await this.quickInput('F1');
    await input.fill(`>${title}`);
    await this.page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
    await this.page.keyboard.press('Enter');
  }

  /** Moves the cursor with Go to Line/Column (1-based). */
  async goTo(line: number, column: number): Promise<void> {
    await this.activeEditor().locator('.view-lines').click();
    const input = await this.quickInput('Control+G');
    await input.fill(`:${line}:${column}`);
    await this.page.keyboard.press('Enter');
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  }

  editorArea(): Locator {
    return this.page.locator('.editor-group-container').first();
  }

  activeEditor(): Locator {
    return this.page.locator('.editor-group-container.active .monaco-editor').first();
  }

  /** The extension's output channel log, for failure messages. */
  extensionLog(): string {
    const logs: string[] = [];
    const walk = (dir: string) => {
      if (!existsSync(dir)) return;
      for (const entry of readdirSync(dir)) {
        const path = join(dir, entry);
        if (statSync(path).isDirectory()) walk(path);
        else if (/wflint/i.test(entry) && entry.endsWith('.log')) logs.push(`--- ${path}\n${readFileSync(path, 'utf8')}`);
      }
    };
    walk(join(this.userData, 'logs'));
    return logs.join('\n') || '(no wflint log found)';
  }

  async stop(): Promise<void> {
    await this.browser?.close().catch(() => undefined);
    const server = this.server;
    if (server?.pid !== undefined && server.exitCode === null) {
      const group = -server.pid;
      try {
        process.kill(group, 'SIGTERM');
      } catch {
        // already gone
      }
      const deadline = Date.now() + 5_000;
      while (Date.now() < deadline && isGroupAlive(server.pid)) {
        await sleep(100);
      }
      try {
        process.kill(group, 'SIGKILL');
      } catch {
        // the whole group has exited
      }
    }
    if (process.env.WFLINT_E2E_KEEP !== '1') {
      rmSync(this.root, { recursive: true, force: true });
    }
  }
}

function isGroupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Runs one named step of a test; on failure, saves a screenshot and adds the extension's log to the error. */
export async function step(session: CodeServerSession, name: string, body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (error) {
    await session.screenshot(`failed-${name}`).catch(() => undefined);
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`${name}: ${message}\n\nwflint output channel:\n${session.extensionLog()}`);
  }
}
