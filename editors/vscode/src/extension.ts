// iamlint for VS Code: starts `iamlint server` (stdio) and hands it JSON, JSONC, YAML and Terraform
// documents. The server decides by content which documents are policies (as the CLI does), so
// package.json and friends get no diagnostics.

import * as vscode from "vscode";
import {
  DocumentSelector,
  LanguageClient,
  LanguageClientOptions,
  RevealOutputChannelOn,
  ServerOptions,
  TransportKind,
} from "vscode-languageclient/node";

const SECTION = "iamlint";
const DEFAULT_COMMAND = ["iamlint", "server"];

// By language id (never an invented one: VS Code's own JSON features must stay on) and, for files
// whose language extension may be missing (Terraform, CloudFormation templates), by file pattern.
const LANGUAGES = ["json", "jsonc", "yaml", "terraform"];
const PATTERNS = ["**/*.tf", "**/*.tf.json", "**/*.template", "**/*.{template,cfn}.{json,yaml,yml}"];

export const DOCUMENT_SELECTOR: DocumentSelector = [
  ...LANGUAGES.flatMap((language) => [
    { scheme: "file", language },
    { scheme: "untitled", language },
  ]),
  ...PATTERNS.map((pattern) => ({ scheme: "file", pattern })),
];

let client: LanguageClient | undefined;
let output: vscode.LogOutputChannel | undefined;

/** `iamlint.serverCommand` as [program, ...args]: an array, or a string split on whitespace. */
export function serverCommand(config: vscode.WorkspaceConfiguration): string[] {
  const raw = config.get<string[] | string>("serverCommand", DEFAULT_COMMAND);
  let parts: string[];
  if (Array.isArray(raw)) {
    parts = raw.filter((p) => typeof p === "string");
  } else if (typeof raw === "string") {
    parts = raw.trim().split(/\s+/);
  } else {
    parts = [];
  }
  parts = parts.filter((p) => p.length > 0);
  if (parts.length === 0) {
    return DEFAULT_COMMAND;
  }
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? "";
  const home = process.env.HOME ?? process.env.USERPROFILE ?? "";
  return parts.map((p) =>
    p.replace(/\$\{workspaceFolder\}/g, folder).replace(/^~(?=$|[\\/])/, home)
  );
}

/** The settings the server reads (its `iamlint` object): null/undefined values are left out. */
export function serverSettings(config: vscode.WorkspaceConfiguration): Record<string, unknown> {
  const settings: Record<string, unknown> = {};
  for (const key of ["select", "extendSelect", "ignore", "debounceMs"]) {
    const value = config.get(key);
    if (value !== null && value !== undefined) {
      settings[key] = value;
    }
  }
  return settings;
}

function createClient(): LanguageClient {
  const config = vscode.workspace.getConfiguration(SECTION);
  const [command, ...args] = serverCommand(config);
  const serverOptions: ServerOptions = {
    run: { command, args, transport: TransportKind.stdio },
    debug: { command, args, transport: TransportKind.stdio },
  };
  output ??= vscode.window.createOutputChannel("iamlint", { log: true });
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    initializationOptions: { iamlint: serverSettings(config) },
    // didChangeConfiguration carries {iamlint: {...}} whenever a setting of the section changes.
    synchronize: { configurationSection: SECTION },
    outputChannel: output,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    middleware: {
      workspace: {
        // Answer workspace/configuration for the section with the server's settings object.
        configuration: async (params, token, next) => {
          const result = await next(params, token);
          if (!Array.isArray(result)) {
            return result;
          }
          return params.items.map((item, i) => {
            if (item.section === SECTION) {
              const scope = item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined;
              return serverSettings(vscode.workspace.getConfiguration(SECTION, scope));
            }
            return result[i];
          });
        },
      },
    },
  };
  return new LanguageClient("iamlint", "iamlint", serverOptions, clientOptions);
}

async function start(): Promise<void> {
  client = createClient();
  try {
    await client.start();
  } catch (err) {
    const [command] = serverCommand(vscode.workspace.getConfiguration(SECTION));
    const choice = await vscode.window.showErrorMessage(
      `iamlint: could not start the language server with "${command}" (${String(err)}). ` +
        "Install iamlint (pip install iamlint) or set iamlint.serverCommand.",
      "Open Settings"
    );
    if (choice === "Open Settings") {
      await vscode.commands.executeCommand("workbench.action.openSettings", "iamlint.serverCommand");
    }
  }
}

async function stop(): Promise<void> {
  const running = client;
  client = undefined;
  if (running) {
    try {
      await running.stop();
    } catch {
      // The server may already be gone; nothing to do.
    }
    await running.dispose();
  }
}

async function restart(): Promise<void> {
  await stop();
  await start();
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  context.subscriptions.push(
    vscode.commands.registerCommand("iamlint.restart", restart),
    vscode.commands.registerCommand("iamlint.showOutput", () => output?.show(true)),
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      // A new command needs a new process; other settings travel by didChangeConfiguration.
      if (event.affectsConfiguration(`${SECTION}.serverCommand`)) {
        await restart();
      }
    }),
    { dispose: () => void stop() }
  );
  await start();
}

export async function deactivate(): Promise<void> {
  await stop();
}
