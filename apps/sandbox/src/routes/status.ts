import type { FastifyPluginAsync } from 'fastify';
import type { SandboxContext } from '../http/context.js';
import { ApiError } from '../http/errors.js';
import { requireIntegration } from '../model/lookups.js';

/** GetBulkloadStatus: the definition's `bulkload_status_response`, misspelled `succcess_count` included. */
export const statusRoutes =
  (ctx: SandboxContext): FastifyPluginAsync =>
  async (app) => {
    app.get(
      '/bulk/v1/status/:integration_id',
      { config: { kind: 'api', operations: ['GetBulkloadStatus'] } },
      async (request) => {
        const validated = request.validated;
        if (!validated) throw new Error('status route reached without validation');
        const integrationId = String(validated.path.integration_id);
        const executionId = String(validated.query.execution_id);
        requireIntegration(ctx, request.tenant, integrationId);
        const execution = ctx.db.getExecution(executionId);
        if (!execution || execution.tenant !== request.tenant || execution.integration_id !== integrationId) {
          throw new ApiError(
            404,
            'execution_not_found',
            `No execution '${executionId}' for integration '${integrationId}' in ${request.tenant}.`,
          );
        }
        const includeErrors = validated.query.include_errors !== false;
        const maxErrors = Math.max(0, Math.floor(Number(validated.query.max_errors ?? 5)));
        const response: Record<string, unknown> = {
          integration_id: execution.integration_id,
          execution_id: execution.execution_id,
          status: execution.status,
          input_count: execution.input_count,
          error_count: execution.error_count,
          succcess_count: execution.success_count,
          skip_count: execution.skip_count,
          started_at: execution.started_at,
        };
        if (execution.completed_at) response.completed_at = execution.completed_at;
        response.include_errors = includeErrors;
        if (includeErrors) response.errors = ctx.db.listExecutionErrors(execution.execution_id, maxErrors);
        return response;
      },
    );
  };
