/** The few parts of NLP.js (no types of its own) the intent model uses. */
declare module '@nlpjs/core' {
  export interface Container {
    use(plugin: unknown): void;
  }
  export function containerBootstrap(): Promise<Container>;
}

declare module '@nlpjs/nlp' {
  export interface Classification {
    readonly intent: string;
    readonly score: number;
  }
  export interface NlpResult {
    readonly intent: string;
    readonly score: number;
    readonly classifications?: readonly Classification[];
  }
  export interface NluManager {
    process(input: {
      locale: string;
      utterance: string;
      settings: Record<string, unknown>;
    }): Promise<NlpResult>;
  }
  export class Nlp {
    constructor(settings: Record<string, unknown>);
    readonly settings: { readonly nlu?: Record<string, unknown> };
    readonly nluManager: NluManager;
    addDocument(locale: string, utterance: string, intent: string): void;
    train(): Promise<void>;
    process(
      locale: string,
      utterance: string,
      context?: unknown,
      settings?: Record<string, unknown>,
    ): Promise<NlpResult>;
  }
}

declare module '@nlpjs/lang-en' {
  export const LangEn: unknown;
}
declare module '@nlpjs/lang-nl' {
  export const LangNl: unknown;
}
declare module '@nlpjs/lang-fr' {
  export const LangFr: unknown;
}
declare module '@nlpjs/lang-de' {
  export const LangDe: unknown;
}
