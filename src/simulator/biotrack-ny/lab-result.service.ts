import { Injectable } from '@nestjs/common';
import type { InventoryItem, LabSample, ResultWriteAnswer, TestingData } from './biotrack.types';
import { IdempotentWrites } from './idempotent-writes';
import { LabSampleService } from './lab-sample.service';
import { decideTestPass, hasFinalResults, sampleResult } from './pass-fail';
import type { AmendResultBody, PostResultBody } from './request.schemas';
import { Conflict, InvalidRequest } from './simulator-error';
import { SimulatorSettings } from './simulator-settings';
import { SimulatorStore, type SessionRecord } from './simulator.store';

/**
 * Posting and amending results, with the contract's validation and pass/fail behaviour. A POST adds tests the
 * sample has no results for yet; once every required test has results (or for a test already posted) a POST is
 * a 409 and PUT amends: it replaces the TestingData of the TestIDs it carries and is recorded as an amendment.
 */
@Injectable()
export class LabResultService {
  constructor(
    private readonly store: SimulatorStore,
    private readonly settings: SimulatorSettings,
    private readonly samples: LabSampleService,
    private readonly writes: IdempotentWrites,
  ) {}

  post(session: SessionRecord, id: string, body: PostResultBody): ResultWriteAnswer {
    const sample = this.samples.findOwn(session, id);
    this.requireExternalIdIfConfigured(body.ExternalID);
    return this.writes.resultWrite(session.account.license, body.ExternalID, 'POST', `lab sample ${sample.ID}`, () => {
      this.checkAgainstCatalogue(body);
      const required = this.store.catalogue.requiredTestIds(sample.InventoryType);
      if (hasFinalResults(sample.TestingData, required)) {
        throw new Conflict(`lab sample ${sample.ID} already has final results (${sample.Result}); amend them with PUT`);
      }
      const repeated = body.TestingData.filter((d) => sample.TestingData.some((e) => e.TestID === d.TestID)).map((d) =>
        this.testLabel(d.TestID),
      );
      if (repeated.length > 0) {
        throw new Conflict(`lab sample ${sample.ID} already has results for ${repeated.join(', ')}; amend them with PUT`);
      }
      const transactionId = this.store.nextTransactionId();
      sample.TestingData = byTestId([...sample.TestingData, ...this.toTestingData(body, transactionId)]);
      const answer = this.applyOutcome(sample, body, transactionId);
      this.store.recordEffect({
        kind: 'post-result',
        license: session.account.license,
        labSampleId: sample.ID,
        inventoryId: sample.InventoryID,
        transferId: null,
        externalId: body.ExternalID ?? null,
        transactionId,
      });
      return answer;
    });
  }

  amend(session: SessionRecord, id: string, body: AmendResultBody): ResultWriteAnswer {
    const sample = this.samples.findOwn(session, id);
    this.requireExternalIdIfConfigured(body.ExternalID);
    return this.writes.resultWrite(session.account.license, body.ExternalID, 'PUT', `lab sample ${sample.ID}`, () => {
      this.checkAgainstCatalogue(body);
      if (sample.TestingData.length === 0) throw new Conflict(`lab sample ${sample.ID} has no results to amend; POST them first`);
      const transactionId = this.store.nextTransactionId();
      const amended = new Set(body.TestingData.map((d) => d.TestID));
      const before = sample.TestingData.filter((d) => amended.has(d.TestID));
      const after = this.toTestingData(body, transactionId);
      sample.TestingData = byTestId([...sample.TestingData.filter((d) => !amended.has(d.TestID)), ...after]);
      const answer = this.applyOutcome(sample, body, transactionId);
      this.store.recordAmendment({
        labSampleId: sample.ID,
        inventoryId: sample.InventoryID,
        transactionId,
        externalId: body.ExternalID ?? null,
        reason: body.AmendmentReason ?? null,
        at: this.settings.isoNow(),
        before,
        after,
      });
      this.store.recordEffect({
        kind: 'amend-result',
        license: session.account.license,
        labSampleId: sample.ID,
        inventoryId: sample.InventoryID,
        transferId: null,
        externalId: body.ExternalID ?? null,
        transactionId,
      });
      return answer;
    });
  }

  private requireExternalIdIfConfigured(externalId: string | undefined): void {
    if (externalId === undefined && this.settings.behaviour.requireExternalId) {
      throw new InvalidRequest('ExternalID: required (behaviour.requireExternalId is on)');
    }
  }

  /** Unknown TestID or TestPanel, a test or panel given twice, or a refused TestNote → 400 naming each. */
  private checkAgainstCatalogue(body: PostResultBody): void {
    const catalogue = this.store.catalogue;
    const issues: string[] = [];
    body.TestingData.forEach((data, i) => {
      const at = `TestingData[${i}]`;
      const test = catalogue.test(data.TestID);
      if (!test) {
        const ids = catalogue.tests().map((t) => t.ID);
        issues.push(`${at}.TestID: unknown test ${data.TestID} (GET /v1/lab/test lists ${ids.join(', ')})`);
        return;
      }
      if (body.TestingData.findIndex((d) => d.TestID === data.TestID) !== i)
        issues.push(`${at}.TestID: test ${data.TestID} appears twice`);
      data.TestResult.forEach((result, j) => {
        const resultAt = `${at}.TestResult[${j}]`;
        if (!catalogue.panel(test.ID, result.TestPanel)) {
          const example = test.Panels[0]?.Name ?? '';
          issues.push(
            `${resultAt}.TestPanel: unknown panel "${result.TestPanel}" for test ${test.ID} (${test.Name}); panels are named by analyte key, e.g. "${example}"`,
          );
        } else if (data.TestResult.findIndex((r) => r.TestPanel === result.TestPanel) !== j) {
          issues.push(`${resultAt}.TestPanel: panel "${result.TestPanel}" appears twice`);
        }
        if (result.TestNote !== undefined && !this.settings.behaviour.acceptTestNote) {
          issues.push(`${resultAt}.TestNote: not accepted (behaviour.acceptTestNote is off)`);
        }
      });
    });
    if (issues.length > 0) throw new InvalidRequest(issues.join('; '));
  }

  private toTestingData(body: PostResultBody, transactionId: number): TestingData[] {
    return body.TestingData.map((data) => ({
      TestID: data.TestID,
      SamplePreparationTime: data.SamplePreparationTime ?? null,
      LabAnalysisTime: data.LabAnalysisTime ?? null,
      TestResult: data.TestResult.map((result) => {
        const panel = this.store.catalogue.panel(data.TestID, result.TestPanel);
        if (!panel) throw new Error(`panel ${result.TestPanel} vanished after validation`);
        return {
          TestPanel: result.TestPanel,
          TestValue: result.TestValue,
          ...decideTestPass(panel, result.TestValue, result.TestPass),
          ...(result.TestNote === undefined ? {} : { TestNote: result.TestNote }),
          TransactionID: transactionId,
        };
      }),
    }));
  }

  /** Recomputes the sample's Result; the sample's own inventory item and its parent lot take it as QAStatus. */
  private applyOutcome(sample: LabSample, body: PostResultBody, transactionId: number): ResultWriteAnswer {
    const sessionTime = this.settings.sessionTime();
    sample.Result = sampleResult(sample.TestingData, this.store.catalogue.requiredTestIds(sample.InventoryType));
    if (body.CertOfAnalysisHyperlink !== undefined) sample.CertOfAnalysisHyperlink = body.CertOfAnalysisHyperlink;
    if (body.QualityControlDataHyperlink !== undefined) sample.QualityControlDataHyperlink = body.QualityControlDataHyperlink;
    sample.TransactionID = transactionId;
    sample.SessionTime = sessionTime;
    const items = [sample.InventoryID, sample.ParentID]
      .map((uid) => (uid === null ? undefined : this.store.inventoryItem(uid)))
      .filter((item): item is InventoryItem => item !== undefined);
    for (const item of items) {
      item.QAStatus = sample.Result;
      item.TransactionID = transactionId;
      item.SessionTime = sessionTime;
    }
    return {
      Inventory: items.map((item) => this.store.inventoryView(item)),
      LabSample: [structuredClone(sample)],
      TransactionID: transactionId,
      SessionTime: sessionTime,
    };
  }

  private testLabel(testId: number): string {
    return `test ${testId} (${this.store.catalogue.test(testId)?.Name ?? 'unknown'})`;
  }
}

function byTestId(data: TestingData[]): TestingData[] {
  return [...data].sort((a, b) => a.TestID - b.TestID);
}
