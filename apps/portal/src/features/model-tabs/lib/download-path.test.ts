import { describe, expect, it } from 'vitest';
import { downloadPath, fileName } from './download-path';

const version = '0b6e1c2a-4d1f-4c52-8c8e-2a9a1d4f7e10';

describe('downloadPath', () => {
  it('keeps the path separators and encodes each segment', () => {
    expect(downloadPath(version, 'weights/model v2.safetensors')).toBe(
      `/api/artifacts/versions/${version}/files/weights/model%20v2.safetensors`,
    );
  });

  it('never lets a segment turn into a separator or a query', () => {
    expect(downloadPath(version, 'a?b#c/d%2Fe')).toBe(
      `/api/artifacts/versions/${version}/files/a%3Fb%23c/d%252Fe`,
    );
  });
});

describe('fileName', () => {
  it('is the last segment', () => {
    expect(fileName('model/model.pt')).toBe('model.pt');
    expect(fileName('config.json')).toBe('config.json');
  });
});
