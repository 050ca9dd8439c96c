// @vitest-environment jsdom
import { render, renderHook, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ApiMissingError, getApi, useApi } from '../../../renderer/src/api';
import { ApiMissing } from '../../../renderer/src/components/ApiMissing';
import { FakeApi } from './support/fake-api';

describe('getApi', () => {
  it('returns the API the preload exposed on window.iamDsn', () => {
    const api = new FakeApi();
    expect(getApi({ iamDsn: api })).toBe(api);
  });

  it('explains a missing bridge', () => {
    expect(() => getApi({})).toThrow(ApiMissingError);
    expect(() => getApi({})).toThrow(/window\.iamDsn is not defined/);
  });

  it('rejects an incomplete bridge', () => {
    const { exportDsn: _dropped, ...partial } = new FakeApi();
    expect(() => getApi({ iamDsn: partial })).toThrow(/incomplete/);
  });

  it('rejects a bridge without the event subscription (an older preload)', () => {
    const { on: _dropped, ...invokeOnly } = new FakeApi();
    expect(() => getApi({ iamDsn: invokeOnly })).toThrow(/incomplete/);
  });

  it('reads window by default', () => {
    expect(() => getApi()).toThrow(ApiMissingError);
  });
});

describe('useApi', () => {
  it('needs an ApiProvider', () => {
    expect(() => renderHook(() => useApi())).toThrow(/ApiProvider/);
  });
});

describe('ApiMissing', () => {
  it('shows the reason on screen', () => {
    render(<ApiMissing message="The preload script did not run" />);
    expect(screen.getByRole('alert')).toHaveTextContent('IAM DSN Manager cannot start');
    expect(screen.getByRole('alert')).toHaveTextContent('The preload script did not run');
  });
});
