import { notificationPayload } from '../planning/notification.js';
import { sendWebhook } from '../ports/notify/webhook.js';
import { buildReport, writeReport } from '../state/report.js';
import type { FlowContext } from './context.js';
import type { FlowResult } from './run-flow.js';

/** After a command changed something: notify (never fatal), then write the report that proves what happened. */
export async function publishOutcome(ctx: FlowContext, result: FlowResult): Promise<FlowResult> {
  const notify = ctx.config.notify;
  if (notify) {
    const url = ctx.notifyUrl;
    const at = new Date().toISOString();
    const target = `webhook ${notify.webhookEnv}`;
    if (!url) {
      ctx.notifications.push({ target, ok: false, error: `${notify.webhookEnv} is not set in the environment; nothing was sent`, at });
    } else {
      const sent = await sendWebhook(url, notificationPayload(buildReport(ctx, result, new Date())), { timeoutMs: 5000 });
      ctx.notifications.push({ target, at, ...sent });
    }
    const failedNote = ctx.notifications.find((n) => !n.ok);
    if (failedNote) result.warnings.push(`notification failed (${failedNote.target}): ${failedNote.error ?? `HTTP ${failedNote.status}`}`);
  }
  const report = buildReport(ctx, result, new Date());
  return { ...result, report: await writeReport(ctx.config.stateDir, report) };
}
