import { notificationPayload } from '../planning/notification.js';
import { sendWebhook } from '../ports/notify/webhook.js';
import { buildReport, reportPath, writeReport } from '../state/report.js';
import type { FlowContext } from './context.js';
import { keepEvidence } from './point-of-no-return.js';
import type { FlowResult } from './run-flow.js';

/** After a command changed something: notify (never fatal), then write the report that proves what happened (a failure is a warning). */
export async function publishOutcome(ctx: FlowContext, result: FlowResult): Promise<FlowResult> {
  const notify = ctx.config.notify;
  if (notify) {
    const at = new Date().toISOString();
    const target = `webhook ${notify.webhookEnv}`;
    const sent = ctx.notifyUrl
      ? await sendWebhook(ctx.notifyUrl, ctx.redactor.redactDeep(notificationPayload(buildReport(ctx, result, new Date()))), { timeoutMs: 5000 })
      : { ok: false, error: `${notify.webhookEnv} is not set in the environment; nothing was sent` };
    ctx.notifications.push(ctx.redactor.redactDeep({ target, at, ...sent }));
    if (!sent.ok) ctx.warnings.push(`notification failed (${target}): ${sent.error ?? `HTTP ${sent.status}`}`);
  }
  const report = buildReport(ctx, result, new Date());
  const written = await keepEvidence(ctx, `the report (${reportPath(ctx.config.stateDir, ctx.releaseId)})`, () => writeReport(ctx.config.stateDir, report));
  // the result was summed up before these writes: what failed since (notification, report) is shown with it
  return { ...result, warnings: ctx.redactor.redactDeep([...ctx.warnings]), report: written };
}
