import { z } from 'zod';
import { TAG_PLACEHOLDER, versionPatternProblem } from '@ferry/verify-tests/version-pattern';

const BODY_EXAMPLE = `body_matches: "^${TAG_PLACEHOLDER}\\\\s*$"`; // as written in YAML: a plain-text body that is the tag
const HINT = `write json_field: version (the JSON answer's field equal to the tag) or ${BODY_EXAMPLE} (a regular expression; ${TAG_PLACEHOLDER} stands for the tag)`;

/** `verify.version`: the opt-in check that the deployment reports the active tag, in exactly one of two ways. */
export function versionCheck(urlPath: z.ZodString) {
  return z
    .object({
      path: urlPath,
      json_field: z.string().regex(/^[^.\s]+(\.[^.\s]+)*$/, 'should be a field name, dotted for a nested one (e.g. version, build.tag)').optional(),
      body_matches: z.string().min(1, `should be a regular expression containing ${TAG_PLACEHOLDER}`).optional(),
    })
    .strict()
    .superRefine((check, ctx) => {
      const forms = [check.json_field, check.body_matches].filter((form) => form !== undefined).length;
      if (forms !== 1) {
        const message = forms === 0 ? 'needs json_field or body_matches' : 'takes json_field or body_matches, not both';
        ctx.addIssue({ code: z.ZodIssueCode.custom, message, params: { hint: HINT } });
      }
      const problem = check.body_matches === undefined ? undefined : versionPatternProblem(check.body_matches);
      if (problem) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['body_matches'], message: `${problem} (got ${JSON.stringify(check.body_matches)})`, params: { hint: `e.g. ${BODY_EXAMPLE}` } });
      }
    });
}
