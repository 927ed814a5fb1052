/**
 * What the trainer writes into every model card besides what it measures (`AppConfig.modelCard`): the
 * intended use, the known limitations and the risk classification under the EU AI Act. Kept apart from
 * app-config.ts so that file stays small.
 */
export interface ModelCardConfig {
  /** What the model is for, in one or two sentences. @default a moderation aid (see the schema) */
  readonly intendedUse: string;
  /** What it does badly or must not be used for. @default the limitations of a bag-of-words English model */
  readonly limitations: readonly string[];
  /** Risk level under Regulation (EU) 2024/1689 (AI Act). @default limited */
  readonly riskLevel: 'minimal' | 'limited' | 'high';
  /** Why that level applies. @default the reasoning for a moderation aid with a human deciding */
  readonly riskReasoning: string;
}

/** Default intended use: a moderation aid, a person decides. */
export const DEFAULT_INTENDED_USE =
  'A moderation aid: scores English comments for toxicity (per label) so that moderators can prioritise and ' +
  'review them. A person decides what happens to a comment; the score alone does not remove, rank or sanction.';

/** Default limitations of the TF-IDF + linear SVM model. */
export const DEFAULT_LIMITATIONS: readonly string[] = [
  'Trained on English comments: other languages and mixed-language text score unreliably.',
  "A bag of words and word pairs, without context: sarcasm, quotation, reclaimed words and negation ('not stupid') mislead it.",
  'Identity terms can raise the scores of neutral comments (a bias of the training data): check error rates per group before relying on a threshold.',
  'Probabilities are calibrated on the training data; a different share of toxic comments in production moves precision and recall (watch the drift alerts).',
  'Not for automated decisions with legal or similarly significant effects on a person (GDPR Art. 22) without human review.',
];

/** Default reasoning for the `limited` level. */
export const DEFAULT_RISK_REASONING =
  'Used as a moderation aid with a person deciding, the classifier is not a prohibited practice (AI Act Art. 5) ' +
  'and not among the high-risk uses of Annex III (Art. 6). It is classed as limited risk: people whose comments ' +
  'are moderated should be told that an automated system assists the moderators (the transparency spirit of ' +
  'Art. 50). Used to take decisions on people without review, or in an Annex III area, it would need reassessment.';

/** JSON schema of the `modelCard` section (defaults applied by ajv's `useDefaults`). */
export const modelCardConfigSchema = {
  type: 'object',
  default: {},
  additionalProperties: false,
  properties: {
    intendedUse: { type: 'string', minLength: 1, default: DEFAULT_INTENDED_USE },
    limitations: { type: 'array', items: { type: 'string', minLength: 1 }, default: [...DEFAULT_LIMITATIONS] },
    riskLevel: { type: 'string', enum: ['minimal', 'limited', 'high'], default: 'limited' },
    riskReasoning: { type: 'string', minLength: 1, default: DEFAULT_RISK_REASONING },
  },
} as const;
