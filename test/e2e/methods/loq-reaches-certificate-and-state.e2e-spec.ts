import request from 'supertest';
import { OutboxWorker } from '../../../src/outbox/outbox.worker';
import { startSimulator, type RunningSimulator } from '../../../src/simulator/biotrack-ny/simulator';
import { winlabMetalsCsv } from '../../generators/instruments/loq-fixtures';
import { binaryBody, importedResults, registerSamples, upload } from '../../support/lab-setup';
import { completeForRelease } from '../../support/factories/result-set.factory';
import { bearer, startTestApp, type TestApp } from '../../support/test-app';
import { CULTIVATOR, labSamplesAtSimulator, newUid } from '../../state-system/result-set.factory';
import { simulatorEnv } from '../../state-system/simulator-env';
import { describeWithPoppler, flat, renderPdf } from '../licensee/pdf-pages';
import { screenshotFolder } from '../web/browser';
import { reviewAs, submissionsOf } from '../workflow/review-requests';

jest.setTimeout(120_000);

/**
 * A computed result below the method's LOQ travels as the qualifier <LOQ with the method's LOQ, never as the
 * number: on the result, in the outbox payload, in what BioTrack NY receives (its mapping: the LOQ as the bound,
 * "<LOQ" in the note) and on the certificate.
 */
describeWithPoppler('LOQ on the certificate and to the state system')(
  'an instrument result below the LOQ, from import to the state system',
  () => {
    let sim: RunningSimulator;
    let t: TestApp;

    beforeAll(async () => {
      sim = await startSimulator({ seed: false });
      t = await startTestApp(simulatorEnv(sim));
    });
    afterAll(async () => {
      await t?.close();
      await sim?.close();
    });

    it('reports lead below the LOQ as <LOQ with the LOQ 0.5, and cadmium above it as its number, everywhere', async () => {
      const tech = await t.userToken('tara.tech', 'technician');
      const manager = await t.userToken('mona.manager', 'manager');
      const uid = newUid();
      labSamplesAtSimulator(sim, [uid]);
      await registerSamples(t.http, tech, [{ labSampleId: 'MET-0001', uid }], CULTIVATOR);
      await request(t.http)
        .post('/api/methods')
        .set(bearer(manager))
        .send({
          key: 'icp-metals',
          name: 'Heavy metals by ICP-OES',
          instrument: 'PerkinElmer Optima (WinLab32)',
          templates: ['perkinelmer-winlab32-csv'],
          limitsUnit: 'ug/g',
          analytes: [
            { analyte: 'lead', loq: '0.5' },
            { analyte: 'cadmium', loq: '0.2' },
            { analyte: 'arsenic', loq: '0.2' },
            { analyte: 'mercury', loq: '0.1' },
          ],
        })
        .expect(201);

      const imported = await upload(
        t.http,
        tech,
        winlabMetalsCsv('MET-0001', [
          ['Pb 208', '0.153'],
          ['Cd 111', '0.321'],
          ['As 75', '0.250'],
          ['Hg 202', '0.420'],
        ]),
      ).expect(201);
      const [set] = await importedResults(t.http, tech, imported.body);
      const lead = set.results.find((r) => r.analyte === 'lead');
      expect([lead?.value, lead?.qualifier, lead?.loq]).toEqual([null, '<LOQ', '0.5']);
      expect(lead?.provenance).toMatchObject({ computedValue: '0.153 ug/g', below: 'LOQ 0.5 ug/g', method: 'icp-metals v1' });

      // The run tested metals: the other panels New York requires come from the lab's other runs.
      await completeForRelease(t, set.id);
      await request(t.http).post(`/api/result-sets/${set.id}/submit`).set(bearer(tech)).expect(200);
      await reviewAs(t, manager).approve(set.id).expect(200);

      const [row] = await submissionsOf(t, set.id);
      const sent = (row.payload.results as Array<Record<string, unknown>>).find((r) => r.analyte === 'lead');
      expect(sent).toMatchObject({ value: null, qualifier: '<LOQ', loq: '0.5' });
      expect(JSON.stringify(row.payload)).not.toContain('0.153');

      expect(await t.app.get(OutboxWorker).sendDue()).toMatchObject({ accepted: 1 });
      const held = sim.state.labSample(uid);
      const metals = held?.TestingData.flatMap((d) => d.TestResult).filter((r) => ['lead', 'cadmium'].includes(r.TestPanel));
      expect(metals?.map(({ TransactionID: _, ...r }) => r)).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ TestPanel: 'lead', TestValue: 0.5, TestNote: '<LOQ' }),
          expect.objectContaining({ TestPanel: 'cadmium', TestValue: 0.321 }),
        ]),
      );

      const pdf = await request(t.http).get(`/api/certificates/${set.id}.pdf`).buffer(true).parse(binaryBody).expect(200);
      const text = flat(renderPdf(pdf.body as Buffer, screenshotFolder(), 'loq-certificate').pages.join('\n'));
      expect(text).toMatch(/Lead <LOQ .*0\.5/);
      expect(text).not.toContain('0.153');
    });
  },
);
