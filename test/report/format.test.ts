import { describe, expect, it } from 'vitest';
import {
  escapeHtml,
  formatDateTime,
  formatGiven,
  formatNumber,
  formatQuantity,
  formatWithSigma,
} from '../../src/report/format.ts';

describe('report number formatting: 3 significant figures, never fixed decimals', () => {
  it('keeps the digits of small uptakes and rounds large values to 3 figures', () => {
    expect(formatNumber(0.00412)).toBe('0.00412');
    expect(formatNumber(0.004123)).toBe('0.00412');
    expect(formatNumber(1234.5)).toBe('1230');
    expect(formatNumber(20)).toBe('20.0');
    expect(formatNumber(5.140873)).toBe('5.14');
    expect(formatNumber(9.996)).toBe('10.0');
    expect(formatNumber(0)).toBe('0');
  });

  it('switches to exponent form outside 1e-5 .. 1e6 and marks missing values', () => {
    expect(formatNumber(4.123e-6)).toBe('4.12e-6');
    expect(formatNumber(2.5e7)).toBe('2.50e7');
    expect(formatNumber(-0.0312)).toBe('\u22120.0312');
    expect(formatNumber(null)).toBe('\u2014');
    expect(formatNumber(Number.NaN)).toBe('\u2014');
    expect(formatNumber(Infinity)).toBe('\u221e');
  });

  it('writes units, sigmas, given values and dates', () => {
    expect(formatQuantity(5.140873, 'GBq')).toBe('5.14\u00a0GBq');
    expect(formatQuantity(58.356, '%')).toBe('58.4%');
    expect(formatQuantity(null, 'Gy')).toBe('\u2014');
    expect(formatQuantity(7.4, 'GBq', 'given')).toBe('7.4\u00a0GBq');
    expect(formatGiven(192.6)).toBe('192.6');
    expect(formatWithSigma(0.19212, 0.01729)).toBe('0.192 \u00b1 0.017');
    expect(formatWithSigma(0.19212, 0)).toBe('0.192');
    expect(formatWithSigma(0.00058, 0.0000051)).toBe('0.000580 \u00b1 0.0000051');
    expect(formatWithSigma(1234.5, 56.7)).toBe('1230 \u00b1 57');
    expect(formatDateTime('2024-03-04T09:15:00')).toBe('2024-03-04 09:15');
    expect(formatDateTime('2024-03-09T14:02:11.000Z')).toBe('2024-03-09 14:02:11 UTC');
  });

  it('escapes the five HTML-special characters', () => {
    expect(escapeHtml(`<script>alert("x&y")</script>'`)).toBe(
      '&lt;script&gt;alert(&quot;x&amp;y&quot;)&lt;/script&gt;&#39;',
    );
  });
});
