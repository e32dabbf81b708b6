import type {
  ICredentialDataDecryptedObject,
  ICredentialTestRequest,
  ICredentialType,
  IHttpRequestHelper,
  IHttpRequestOptions,
  INodeProperties,
} from 'n8n-workflow';
import { fetchAccessToken } from '../shared/access-token';
import { baseUrlExpression, connectionProperties } from '../shared/connection-properties';

/**
 * The connection to one WorkSpan app hostname. The bearer token is an expirable hidden field:
 * n8n fetches it through `preAuthentication` once, shares it with every execution that uses the
 * credential, and fetches it again once when a call answers 401.
 */
export class WorkSpanApi implements ICredentialType {
  name = 'workSpanApi';

  displayName = 'WorkSpan API';

  icon = { light: 'file:../icons/workspan.svg', dark: 'file:../icons/workspan.dark.svg' } as const;

  documentationUrl =
    'https://github.com/workspan-kit/workspan-kit/tree/main/packages/n8n-nodes-workspan#credentials';

  properties: INodeProperties[] = [
    {
      displayName: 'Access Token',
      name: 'accessToken',
      type: 'hidden',
      typeOptions: { expirable: true, password: true },
      default: '',
    },
    ...connectionProperties,
  ];

  async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
    return { accessToken: await fetchAccessToken(this, credentials) };
  }

  /**
   * A function, not a generic `{{$credentials.accessToken}}` header: n8n evaluates a generic one
   * as a sandboxed expression on every request, which costs as much as the call's own work.
   */
  async authenticate(
    credentials: ICredentialDataDecryptedObject,
    requestOptions: IHttpRequestOptions,
  ): Promise<IHttpRequestOptions> {
    return {
      ...requestOptions,
      headers: { ...requestOptions.headers, Authorization: `Bearer ${String(credentials.accessToken)}` },
    };
  }

  /** A real call: the token request (preAuthentication) first, then the integration list. */
  test: ICredentialTestRequest = {
    request: {
      baseURL: baseUrlExpression,
      url: '/event/v1/metadata/integration',
      headers: { 'x-ws-env': '={{$credentials.hostname}}' },
    },
  };
}
