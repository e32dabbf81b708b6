import { readFile, rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import multipart from '@fastify/multipart';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import {
  firstNonWhitespaceChar,
  jsonCheckLimitBytes,
  jsonValueStart,
  looksBinary,
  payloadTooLarge,
  saveUpload,
} from '../bulk/upload.js';
import type { SandboxContext } from '../http/context.js';
import { ApiError } from '../http/errors.js';
import { requireIntegration } from '../model/lookups.js';
import type { DataFormat, Execution } from '../model/types.js';
import { firstString, mediaType, nowIso, randomHex } from '../shared/util.js';

const isMultipart = (request: FastifyRequest): boolean =>
  mediaType(request.headers['content-type']) === 'multipart/form-data';

function delimiterFrom(value: unknown): string {
  const text = firstString(value);
  if (text === undefined) return ',';
  if (text === '' || text.length > 5) {
    throw new ApiError(
      400,
      'invalid_request',
      "query parameter 'column_delimiter' must be 1 to 5 characters.",
    );
  }
  if (text === '\\t' || text.toLowerCase() === 'tab') return '\t';
  return text;
}

function booleanFrom(value: unknown, fallback: boolean): boolean {
  if (typeof value === 'boolean') return value;
  const text = firstString(value)?.trim().toLowerCase();
  if (text === undefined || text === '') return fallback;
  if (text === 'true' || text === 'false') return text === 'true';
  throw new ApiError(400, 'invalid_request', "query parameter 'has_header_row' must be true or false.");
}

function formatFromFilename(filename: string | undefined): DataFormat | undefined {
  const extension = filename?.toLowerCase().split('.').pop();
  if (extension === 'csv' || extension === 'txt') return 'csv';
  if (extension === 'json') return 'json';
  if (extension === 'xlsx') return 'xlsx';
  return undefined;
}

/**
 * The four bulk-load operations. As the connector's gateway routes them, attachment uploads
 * (multipart/form-data, field `file`) arrive on the same paths as the body variants and are told
 * apart by content type; the unrouted `/file` paths are served too.
 */
export const bulkRoutes =
  (ctx: SandboxContext): FastifyPluginAsync =>
  async (app) => {
    const limit = ctx.settings.uploadLimitBytes;
    app.removeAllContentTypeParsers();
    await app.register(multipart, { limits: { fileSize: limit, files: 1, fields: 50, parts: 100 } });
    app.addContentTypeParser('*', { bodyLimit: limit }, (_request, payload, done) => done(null, payload));

    async function handle(request: FastifyRequest, reply: FastifyReply) {
      const operationId = request.operationId ?? '';
      const validated = request.validated;
      if (!validated) throw new Error('bulk route reached without validation');
      const isFile = operationId.endsWith('FileAttachment');
      const isOpportunity = operationId.startsWith('BulkloadOpportunity');
      const rawQuery = request.query as Record<string, unknown>;
      const integrationId = String(validated.query.integration_id);
      const integration = requireIntegration(ctx, request.tenant, integrationId);
      if (isOpportunity && integration.object_type !== 'opportunity') {
        throw new ApiError(
          400,
          'integration_mismatch',
          `Integration '${integrationId}' loads ${integration.object_type} objects; ${operationId} needs an opportunity integration.`,
        );
      }
      const formatParameter = isOpportunity ? 'content_type' : 'data_format';
      const explicitFormat =
        rawQuery[formatParameter] !== undefined
          ? (validated.query[formatParameter] as DataFormat)
          : undefined;
      const delimiter = delimiterFrom(rawQuery.column_delimiter);
      const hasHeaderRow = booleanFrom(validated.query.has_header_row ?? rawQuery.has_header_row, true);

      let saved: { path: string; bytes: number };
      let format: DataFormat;
      if (isFile) {
        if (!isMultipart(request)) {
          throw new ApiError(
            415,
            'unsupported_media_type',
            `${operationId} takes multipart/form-data with a 'file' part.`,
          );
        }
        let part: Awaited<ReturnType<FastifyRequest['file']>>;
        try {
          part = await request.file({ limits: { fileSize: limit, files: 1 } });
        } catch (error) {
          const status = (error as { statusCode?: number }).statusCode;
          if (status === 413) throw payloadTooLarge(limit);
          throw new ApiError(
            400,
            'invalid_multipart',
            `The multipart body cannot be read: ${(error as Error).message}.`,
          );
        }
        if (part?.fieldname !== 'file') {
          if (part) part.file.resume();
          const result = ctx.validator.validate(operationId, {
            query: rawQuery,
            path: {},
            headers: request.headers,
            hasFile: false,
          });
          throw new ApiError(
            400,
            'invalid_request',
            result.valid ? "formData parameter 'file' is required." : result.message,
          );
        }
        saved = await ctx.uploads.track(saveUpload(part.file, ctx.settings.uploadsDir, limit));
        if (part.file.truncated) {
          await rm(saved.path, { force: true });
          throw payloadTooLarge(limit);
        }
        format = explicitFormat ?? formatFromFilename(part.filename) ?? 'xlsx';
      } else {
        // The Content-Type was checked before the handler: 415 when a body has another type (server.ts),
        // 400 from the Content-Type header parameter's check otherwise (text/csv, application/json, text/plain).
        const type = mediaType(request.headers['content-type']);
        format = explicitFormat ?? (type === 'application/json' ? 'json' : 'csv');
        if ((format === 'json' && type === 'text/csv') || (format === 'csv' && type === 'application/json')) {
          throw new ApiError(
            400,
            'content_type_mismatch',
            `${formatParameter}=${format} does not match Content-Type ${type}.`,
          );
        }
        const declared = Number(firstString(request.headers['content-length']) ?? Number.NaN);
        if (Number.isFinite(declared) && declared > limit) throw payloadTooLarge(limit);
        const body = request.body as Readable | undefined;
        if (body && typeof body.pipe === 'function') {
          saved = await ctx.uploads.track(saveUpload(body, ctx.settings.uploadsDir, limit));
        } else {
          saved = await saveUpload(Readable.from([]), ctx.settings.uploadsDir, limit);
        }
      }

      try {
        if (format === 'json') {
          // Small bodies are parsed whole; larger ones only have their start checked here, and a
          // later syntax error fails the job ("file is not valid JSON"), reported by the status call.
          if (saved.bytes <= jsonCheckLimitBytes) {
            try {
              JSON.parse(await readFile(saved.path, 'utf8'));
            } catch (error) {
              throw new ApiError(
                400,
                'invalid_json',
                `The data is not valid JSON: ${(error as Error).message}.`,
              );
            }
          } else if (!jsonValueStart(await firstNonWhitespaceChar(saved.path))) {
            throw new ApiError(
              400,
              'invalid_json',
              'The data is not valid JSON: it does not start with a JSON value.',
            );
          }
        } else if (format === 'csv' && (await looksBinary(saved.path))) {
          throw new ApiError(400, 'invalid_body', 'The data is not CSV text (it contains NUL bytes).');
        }
      } catch (error) {
        await rm(saved.path, { force: true });
        throw error;
      }

      const createdAt = nowIso();
      const execution: Execution = {
        execution_id: randomHex(6),
        tenant: request.tenant,
        integration_id: integration.integration_id,
        operation: operationId,
        data_format: format,
        column_delimiter: delimiter,
        has_header_row: hasHeaderRow,
        status: 'running',
        input_count: 0,
        success_count: 0,
        error_count: 0,
        skip_count: 0,
        created_at: createdAt,
        started_at: createdAt,
        completed_at: null,
        payload_path: saved.path,
        payload_bytes: saved.bytes,
      };
      ctx.db.insertExecution(execution);
      ctx.runner.enqueue(execution.execution_id);
      ctx.logger.info(
        `bulk execution ${execution.execution_id} queued: ${operationId} ${format} ${saved.bytes} bytes into ${integration.integration_id}`,
      );
      reply.code(200);
      return isOpportunity
        ? {
            integration_id: integration.integration_id,
            execution_id: execution.execution_id,
            created_at: createdAt,
          }
        : {
            integration_id: integration.integration_id,
            execution_id: execution.execution_id,
            data_format: format,
            created_at: createdAt,
          };
    }

    const routes: Array<[string, string, string]> = [
      ['/bulk/v1/bulkload', 'BulkloadData', 'BulkloadDataFileAttachment'],
      ['/bulk/v1/bulkload_opportunity', 'BulkloadOpportunity', 'BulkloadOpportunityFileAttachment'],
    ];
    for (const [path, bodyOperation, fileOperation] of routes) {
      app.post(
        path,
        {
          bodyLimit: limit,
          config: {
            kind: 'api',
            operations: [bodyOperation, fileOperation],
            pickOperation: (request) => (isMultipart(request) ? fileOperation : bodyOperation),
            pickBeforeBody: true,
          },
        },
        handle,
      );
      app.post(
        `${path}/file`,
        { bodyLimit: limit, config: { kind: 'api', operations: [fileOperation] } },
        handle,
      );
    }
  };
